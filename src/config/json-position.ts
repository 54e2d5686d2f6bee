/**
 * Where JSON text stops being valid: a minimal recursive-descent reader that
 * returns the offset of the first error and what was expected there (Node's
 * own JSON.parse does not always say where).
 */

export interface JsonProblem {
  offset: number;
  line: number;
  expected: string;
}

export function findJsonProblem(text: string): JsonProblem | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw { offset: i, expected };
  };
  const space = () => {
    while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a JSON value');
  };
  const string = () => {
    if (text[i] !== '"') fail('a string in double quotes');
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail('a closing double quote');
      i++;
    }
    if (i >= text.length) fail('a closing double quote');
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        if (text[i] !== ':') fail('":" after a key');
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail('"," or "}"');
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail('"," or "]"');
      }
    } else if (c === '"') string();
    else if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!match) fail('a number');
      i += match![0].length;
    } else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail('a JSON value');
  };
  try {
    value();
    space();
    if (i < text.length) fail('the end of the file');
    return undefined;
  } catch (problem) {
    const { offset, expected } = problem as { offset: number; expected: string };
    return { offset, expected, line: text.slice(0, offset).split('\n').length };
  }
}
