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
    fixable: false,
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
      findings.push({ ...atStatement(statement), messageId: 'callOnFunction', data: { function: `${fn.schema}.${fn.name}`, definedAt: `${fn.source.file}:${fn.source.line}` } });
    }
    return findings;
  },
};
