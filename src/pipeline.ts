/**
 * The stages a command runs, wired together: load (config → sources → sql →
 * model, see project.ts) with the file rules visiting each file as it is
 * folded, so memory stays bounded by one file's syntax trees; then the
 * project rules, docs and reports that the command asks for. The loader
 * knows no rules; this is where the rules meet it.
 */

import { checkRuleIds } from './config/rule-ids.js';
import { checkFile } from './lint/engine.js';
import { configurableRuleIds } from './lint/registry.js';
import { loadProject as loadSources, type LoadOptions, type Project } from './project.js';

/** Loads a project with its config's rule ids checked and the file rules run on each file as it is loaded. */
export function loadProject(options: LoadOptions = {}): Promise<Project> {
  return loadSources({
    ...options,
    checkConfig: (config, file) => {
      checkRuleIds(config, configurableRuleIds, file);
      options.checkConfig?.(config, file);
    },
    visit: (file, context) => [...checkFile(file, context), ...(options.visit?.(file, context) ?? [])],
  });
}
