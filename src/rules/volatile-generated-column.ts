/**
 * volatile-generated-column: a generated column whose expression is not
 * immutable — it calls a volatile or stable function (now(), random(),
 * current_setting(), a project function not declared IMMUTABLE) or casts a
 * timestamptz to date/text/timestamp (which depends on the session time zone).
 * Postgres refuses it: "generation expression is not immutable".
 */

import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

const nonImmutable = new Set([
  'now', 'random', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'timeofday', 'current_setting',
  'gen_random_uuid', 'uuid_generate_v4', 'nextval', 'currval', 'age', 'to_char', 'to_date', 'to_timestamp', 'date_trunc', 'txid_current',
]);
const nonImmutableKeywords = /\b(current_timestamp|current_date|current_time|localtimestamp|localtime|current_user|session_user)\b/i;

export const volatileGeneratedColumn: ProjectRule = {
  meta: {
    id: 'volatile-generated-column',
    defaultSeverity: 'error',
    description: 'Generated columns may only use immutable expressions.',
    help: 'Compute the value in a trigger or a view instead, or use only immutable functions and casts (e.g. timezone(\'UTC\', ts)::date).',
    docs: 'docs/rules/volatile-generated-column.md',
    messages: {
      callsVolatile: 'generated column {{column}} calls {{function}}(), which is not immutable',
      usesKeyword: 'generated column {{column}} uses {{keyword}}, which is not immutable',
      castsTimestamptz: 'generated column {{column}} casts timestamptz {{source}} to {{type}}, which depends on the session time zone',
    },
    fixable: false,
  },
  check({ model }) {
    const findings: RuleFinding[] = [];
    const projectVolatile = new Set(model.functions.filter((f) => f.volatility !== 'immutable').map((f) => f.name.toLowerCase()));
    for (const table of model.tables) {
      if (table.partitionOf) continue;
      const timestamptz = new Set(table.columns.filter((c) => /^timestamptz$|^timestamp with time zone$/i.test(c.type)).map((c) => c.name));
      for (const column of table.columns) {
        const expression = column.generated;
        if (!expression) continue;
        const calls = [...expression.matchAll(/([A-Za-z_][\w.]*)\s*\(/g)].map((m) => m[1].split('.').pop()!.toLowerCase());
        const bad = calls.find((name) => nonImmutable.has(name) || projectVolatile.has(name));
        const keyword = nonImmutableKeywords.exec(expression)?.[1];
        const cast = [...expression.matchAll(/\b([A-Za-z_]\w*)\s*::\s*(date|text|timestamp|time|varchar)\b/gi)].find((m) => timestamptz.has(m[1]));
        const at = atSource(column.source);
        const name = `${table.schema}.${table.name}.${column.name}`;
        if (bad) findings.push({ ...at, messageId: 'callsVolatile', data: { column: name, function: bad } });
        else if (keyword) findings.push({ ...at, messageId: 'usesKeyword', data: { column: name, keyword: keyword.toUpperCase() } });
        else if (cast) findings.push({ ...at, messageId: 'castsTimestamptz', data: { column: name, source: cast[1], type: cast[2] } });
      }
    }
    return findings;
  },
};
