/**
 * seed-sensitive-data: real-looking personal data or secrets in a seed that
 * is not dev-only: e-mail addresses outside the reserved example domains,
 * phone numbers outside the fictional 555-01xx range, national ids, API
 * keys, tokens and password hashes. System seeds run in production.
 */

import { constValue, walk } from '../sql/ast.js';
import { flatten } from '../model/seeds.js';
import { atStatement, type FileRule, type RuleFinding } from '../lint/types.js';

const reservedEmail = /@([a-z0-9-]+\.)*(example\.(com|org|net)|test|invalid|localhost|example)$/i;

const checks: Array<{ messageId: string; test: (value: string) => boolean }> = [
  { messageId: 'email', test: (v) => /^[^\s@'"]+@[^\s@'"]+\.[a-z]{2,}$/i.test(v) && !reservedEmail.test(v) },
  { messageId: 'phone', test: (v) => /^\+?[\d\s().-]{9,}$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 10 && !/555[\s.-]?01\d\d/.test(v) },
  { messageId: 'nationalId', test: (v) => /^\d{3}-\d{2}-\d{4}$/.test(v) },
  { messageId: 'apiKey', test: (v) => /^(sk|pk|rk)_(live|test)_[A-Za-z0-9]{10,}$|^AKIA[0-9A-Z]{16}$|^gh[pousr]_[A-Za-z0-9]{30,}$|^xox[abp]-[A-Za-z0-9-]{10,}$/.test(v) },
  { messageId: 'jwt', test: (v) => /^eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*$/.test(v) },
  { messageId: 'passwordHash', test: (v) => /^\$(2[aby]|argon2(id|i|d)|scrypt|pbkdf2)[$-]/.test(v) || /^\$[156]\$[^$]+\$/.test(v) },
];

export const seedSensitiveData: FileRule = {
  meta: {
    id: 'seed-sensitive-data',
    defaultSeverity: 'error',
    description: 'Seeds that run outside development hold no personal data or secrets.',
    help: 'Use example.com addresses and 555-01xx numbers, and load secrets from the environment, never from a seed.',
    docs: 'docs/rules/seed-sensitive-data.md',
    messages: {
      email: 'an e-mail address outside the reserved example domains in a seed that is not dev-only',
      phone: 'a phone number in a seed that is not dev-only',
      nationalId: 'a national id number in a seed that is not dev-only',
      apiKey: 'an API key in a seed that is not dev-only',
      jwt: 'a JSON web token in a seed that is not dev-only',
      passwordHash: 'a password hash in a seed that is not dev-only',
    },
    fixable: false,
  },
  checkFile(file, { devSeed }) {
    const findings: RuleFinding[] = [];
    if (file.role !== 'seed' || devSeed) return findings;
    for (const statement of flatten(file.parsed.statements)) {
      if (statement.kind !== 'InsertStmt' && statement.kind !== 'UpdateStmt') continue;
      const seen = new Set<string>();
      walk(statement.node, (kind, node) => {
        if (kind !== 'A_Const') return;
        const value = constValue({ A_Const: node });
        if (typeof value !== 'string') return;
        for (const check of checks) {
          if (!check.test(value.trim()) || seen.has(check.messageId)) continue;
          seen.add(check.messageId);
          findings.push({ ...atStatement(statement), messageId: check.messageId });
        }
      });
    }
    return findings;
  },
};
