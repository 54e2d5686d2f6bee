import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findSections, parsedMarkers, replaceSections, skeletonMarkers } from '../../src/docs/markers.js';
import { errorOf, repoRoot } from '../helpers.js';

const doc = (...lines: string[]) => lines.join('\n');

describe('markers', () => {
  it('finds named sections and replaces only their content, byte for byte elsewhere', () => {
    const text = doc('# Title  ', '', '<!-- pgscribe:begin a -->', 'old a', '<!-- pgscribe:end a -->', 'between\t', '<!-- pgscribe:begin b -->', '<!-- pgscribe:end b -->', 'tail');
    const sections = findSections('R.md', text, ['a', 'b']);
    expect(sections.map((s) => [s.name, s.beginLine, s.endLine])).toEqual([
      ['a', 3, 5],
      ['b', 7, 8],
    ]);
    const out = replaceSections(text, sections, new Map([['a', 'new a\n'], ['b', '| x \\| y |\n']]));
    expect(out).toBe(doc('# Title  ', '', '<!-- pgscribe:begin a -->', 'new a', '<!-- pgscribe:end a -->', 'between\t', '<!-- pgscribe:begin b -->', '| x \\| y |', '<!-- pgscribe:end b -->', 'tail'));
  });

  it('keeps CRLF line endings', () => {
    const text = '<!-- pgscribe:begin a -->\r\nold\r\n<!-- pgscribe:end a -->\r\nafter\r\n';
    const out = replaceSections(text, findSections('R.md', text, ['a']), new Map([['a', 'one\ntwo\n']]));
    expect(out).toBe('<!-- pgscribe:begin a -->\r\none\r\ntwo\r\n<!-- pgscribe:end a -->\r\nafter\r\n');
  });

  it('treats markers in fenced code and inline code as text', () => {
    const text = doc('```markdown', '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->', '```', '', 'Use `<!-- pgscribe:begin a -->` to start.', '', '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->');
    expect(findSections('R.md', text, ['a']).map((s) => s.beginLine)).toEqual([8]);
  });

  it.each([
    ['a missing end', doc('x', '<!-- pgscribe:begin a -->', 'y'), 2, 'section "a" has no end marker'],
    ['an end without begin', doc('<!-- pgscribe:end a -->'), 1, 'end marker "a" without a begin marker'],
    ['a duplicate', doc('<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->', '', '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->'), 4, 'section "a" appears twice (first at line 1)'],
    ['nesting', doc('<!-- pgscribe:begin a -->', '', '<!-- pgscribe:begin b -->', '<!-- pgscribe:end b -->', '<!-- pgscribe:end a -->'), 3, 'sections cannot nest'],
    ['an unknown name', doc('<!-- pgscribe:begin zzz -->', '<!-- pgscribe:end zzz -->'), 1, 'unknown section "zzz" (expected one of: a, b)'],
  ])('rejects %s with file and line', (_label, text, line, message) => {
    const error = errorOf(() => findSections('README.md', text, ['a', 'b']));
    expect(error.code).toBe('markers');
    expect(error.file).toBe('README.md');
    expect(error.line).toBe(line);
    expect(error.message).toContain(message);
  });

  describe('fast path (section contents left out of the parse)', () => {
    it.each(['README.md', 'AGENT.md', 'Project_Architecture_Document.md'])('finds exactly what the full parse finds in %s (marker examples in code included)', (file) => {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const fast = skeletonMarkers(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(parsedMarkers(text));
      expect(skeletonMarkers(text.replace(/\n/g, '\r\n'))).toEqual(parsedMarkers(text.replace(/\n/g, '\r\n')));
    });

    it.each([
      ['markers shown in a fence before the real ones', doc('```', '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->', '```', '<!-- pgscribe:begin a -->', 'x', '<!-- pgscribe:end a -->')],
      ['a marker shown in inline code', doc('Use `<!-- pgscribe:begin a -->`.', '', '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->')],
      ['a marker inside a section\'s own longer fence', doc('<!-- pgscribe:begin a -->', '````', '```', '<!-- pgscribe:end a -->', '````', '<!-- pgscribe:end a -->')],
      ['a tilde fence holding a backtick fence', doc('~~~', '```', '<!-- pgscribe:begin a -->', '~~~', '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->')],
    ])('takes the fast path with %s and agrees with the full parse', (_label, text) => {
      expect(skeletonMarkers(text)).toBeDefined();
      expect(skeletonMarkers(text)).toEqual(parsedMarkers(text));
    });

    it.each([
      ['an inline marker in a paragraph', doc('Text <!-- pgscribe:begin a --> text', '<!-- pgscribe:end a -->'), undefined],
      ['an unclosed fence inside a section', doc('<!-- pgscribe:begin a -->', '```sql', 'select 1;', '<!-- pgscribe:end a -->'), 'section "a" has no end marker'],
      ['an HTML block inside a section', doc('<!-- pgscribe:begin a -->', '<pre>', '<!-- pgscribe:end a -->'), undefined],
      ['an indented fence inside a section (closed with its list item)', doc('<!-- pgscribe:begin a -->', '- item', '  ```', '<!-- pgscribe:end a -->'), undefined],
      ['an indented marker', doc('- x', '  <!-- pgscribe:begin a -->', '  <!-- pgscribe:end a -->'), undefined],
    ])('defers to the full parse with %s, and gives its answer', (_label, text, error) => {
      expect(skeletonMarkers(text)).toBeUndefined();
      if (error) expect(errorOf(() => findSections('R.md', text, ['a'])).message).toContain(error);
      else expect(() => findSections('R.md', text, ['a'])).not.toThrow();
    });
  });

  it('never disagrees with the full parse on 3,000 random documents built from tricky pieces', () => {
    const pieces = [
      '<!-- pgscribe:begin a -->', '<!-- pgscribe:end a -->', '<!-- pgscribe:begin b -->', '<!-- pgscribe:end b -->',
      '  <!-- pgscribe:begin a -->', '    <!-- pgscribe:end a -->', 'text <!-- pgscribe:end a -->', '`<!-- pgscribe:begin b -->`',
      '```', '````', '~~~', '``` sql', '```x`y', '  ```', '   ~~~', '    ```', '- item', '  ```', '1. step', '> quote', '> ```',
      '<div>', '</div>', '<pre>', '</pre>', '<!--', '-->', '', '', 'plain text', '| a | b |', '    indented code', '\t```',
    ];
    let state = 42;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    let fast = 0;
    for (let n = 0; n < 3000; n++) {
      const length = 3 + Math.floor(next() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join(next() < 0.2 ? '\r\n' : '\n');
      const quick = skeletonMarkers(text);
      if (quick === undefined) continue;
      fast++;
      expect(quick, JSON.stringify(text)).toEqual(parsedMarkers(text));
    }
    expect(fast).toBeGreaterThan(300);
  });
});
