/**
 * call-on-function: `CALL name(...)` where every definition of `name` seen so
 * far is a FUNCTION. CALL only invokes procedures; a function is called with
 * SELECT (or PERFORM inside PL/pgSQL).
 */

import { kindOrBare, list } from '../sql/ast.js';
import { qualifiedName } from '../sql/names.js';
import { flatten } from '../model/seeds.js';
import { atStatement, type FileRule, type RuleFinding } from '../lint/types.js';

export const callOnFunction: FileRule = {
  meta: {
    id: 'call-on-function',
    defaultSeverity: 'error',
    description: 'CALL invokes procedures only; a FUNCTION must be called with SELECT.',
    help: 'Replace CALL with SELECT (or PERFORM inside PL/pgSQL), or define the routine as a PROCEDURE.',
    docs: 'docs/rules/call-on-function.md',
    messages: {
      callOnFunction: 'CALL on {{function}}, which is a FUNCTION (defined at {{definedAt}}); Postgres rejects it',
    },
    fixable: true,
  },
  checkFile(file, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const statement of flatten(file.parsed.statements)) {
      if (statement.kind !== 'CallStmt') continue;
      const call = kindOrBare(statement.node.funccall, 'FuncCall');
      const name = qualifiedName(list(call, 'funcname'));
      const found = catalog.findFunctions(name);
      if (found.length === 0 || found.some((f) => f.kind === 'procedure')) continue;
      const fn = found[0];
      const place = atStatement(statement);
      // CALL f(…) is SELECT f(…) at top level, PERFORM f(…) inside PL/pgSQL (where a SELECT's result must go somewhere).
      const keyword = statement.depth > 0 ? 'PERFORM' : 'SELECT';
      const fix = /^call\b/i.test(statement.text) ? { description: `${keyword} instead of CALL`, edits: [{ line: place.line, column: place.column, length: 4, text: keyword }] } : undefined;
      findings.push({ ...place, messageId: 'callOnFunction', data: { function: `${fn.schema}.${fn.name}`, definedAt: `${fn.source.file}:${fn.source.line}` }, fix });
    }
    return findings;
  },
};
