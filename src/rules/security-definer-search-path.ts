/**
 * security-definer-search-path: a SECURITY DEFINER function without a pinned
 * search_path runs with its owner's rights and the caller's search_path, so a
 * caller can shadow the objects it uses (splinter 0011).
 */

import { atSource, type ProjectRule } from '../lint/types.js';

export const securityDefinerSearchPath: ProjectRule = {
  meta: {
    id: 'security-definer-search-path',
    defaultSeverity: 'error',
    description: 'SECURITY DEFINER functions must pin their search_path.',
    help: "Add SET search_path = pg_catalog, public (or '') to the function and qualify the objects it uses.",
    docs: 'docs/rules/security-definer-search-path.md',
    messages: {
      noSearchPath: 'SECURITY DEFINER function {{function}} has no SET search_path',
    },
    fixable: false,
  },
  check({ model }) {
    return model.functions
      .filter((f) => f.securityDefiner && !('search_path' in f.settings))
      .map((f) => ({ ...atSource(f.source), messageId: 'noSearchPath', data: { function: `${f.schema}.${f.signature}` } }));
  },
};
