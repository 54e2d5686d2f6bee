/**
 * The import graph of src/ follows DESIGN.md's data flow: no cycles, and no
 * import from a lower stage to a higher one (type imports included: a type
 * import from a higher stage is the same knot, waiting to be tied).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const src = path.join(repoRoot, 'src');

/** The stages, lowest first: a module may import from its own stage and the ones before it. */
const stages: Array<[string, RegExp]> = [
  ['shared data and utilities', /^(errors|text|interrupt|processes|package)\.ts$|^report\/findings\.ts$/],
  ['config', /^config\//],
  ['sources', /^sources\//],
  ['sql', /^sql\//],
  ['model', /^model\//],
  ['load', /^(project|lock)\.ts$/],
  ['lint', /^(lint|rules)\//],
  ['outputs', /^(docs|replay|report)\//],
  ['pipeline', /^(pipeline|changes|init|fix)\.ts$/],
  ['entry points', /^(index\.ts|cli\/)/],
];

function stageOf(file: string): number {
  const i = stages.findIndex(([, pattern]) => pattern.test(file));
  if (i === -1) throw new Error(`${file} is in no stage: add it to test/architecture.test.ts`);
  return i;
}

function modules(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.relative(src, path.join(dir, e.name)).split(path.sep).join('/')] : []));
}

/** Relative imports and re-exports of a module (type-only ones too), as src-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gms)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])).replace(/\.js$/, '.ts'));
}

const graph = new Map(modules().map((f) => [f, importsOf(f)]));

describe('the import graph of src/', () => {
  it('has no cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of graph.get(f) ?? []) {
        if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].join(' → '));
        else if (!state.has(g) && graph.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('never imports from a later stage', () => {
    const backEdges: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) if (graph.has(target) && stageOf(target) > stageOf(file)) backEdges.push(`${file} (${stages[stageOf(file)][0]}) imports ${target} (${stages[stageOf(target)][0]})`);
    }
    expect(backEdges).toEqual([]);
  });

  it('puts every module in a stage, and src/rules/ holds rules only', () => {
    for (const f of graph.keys()) expect(() => stageOf(f)).not.toThrow();
    for (const f of [...graph.keys()].filter((f) => f.startsWith('rules/'))) expect(readFileSync(path.join(src, f), 'utf8')).toMatch(/export const \w+: (FileRule|ProjectRule|Rule) = \{/);
  });
});

describe('libpg-query stays in src/sql/', () => {
  /** The parser's enum codes, and the AST fields that carry codes, bit masks or action letters. */
  const parserCode = /'(?:CONSTR|AT|OBJECT|DROP|SORTBY|ACL_TARGET|VAR|FUNC_PARAM|PARTITION_STRATEGY|SVFOP|FKCONSTR|SETOP|ROLESPEC|AEXPR|TRANS_STMT|LCS|OVERRIDING|REINDEX)_\w*'/;
  const codeField = /\b(?:str|num|bool)\([^)]*,\s*'(?:subtype|contype|removeType|renameType|objtype|objectType|relationType|behavior|fk_del_action|fk_upd_action|fk_matchtype|timing|events|generated_when|relpersistence|targtype|ordering|strategy|roletype|mode|kind|op|boolop)'\)/;

  it('no module outside src/sql/ reads a parser code, a code-carrying field, a bit mask or an action letter', () => {
    const found: string[] = [];
    for (const file of graph.keys()) {
      if (file.startsWith('sql/')) continue;
      readFileSync(path.join(src, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (parserCode.test(line) || codeField.test(line)) found.push(`src/${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the check sees what it is for', () => {
    expect(parserCode.test("if (str(c, 'contype') === 'CONSTR_NOTNULL')")).toBe(true);
    expect(codeField.test("const bits = num(node, 'timing');")).toBe(true);
    expect(codeField.test("onDelete: actions[str(c, 'fk_del_action')]")).toBe(true);
    expect(parserCode.test("const name = str(node, 'trigname');") || codeField.test("const name = str(node, 'trigname');")).toBe(false);
  });
});
