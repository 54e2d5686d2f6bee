/**
 * The stages a command runs, wired together: load (config → sources → sql →
 * model, see project.ts) with the file rules visiting each file as it is
 * folded, so memory stays bounded by one file's syntax trees; then the
 * project rules, docs and reports that the command asks for. The loader
 * knows no rules; this is where the rules meet it.
 */

import { checkRuleIds } from './config/rule-ids.js';
import { type DocsPlan, type PlanOptions, planDocs } from './docs/generate.js';
import { checkFile } from './lint/engine.js';
import { configurableRuleIds, rules } from './lint/registry.js';
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

/** The docs plan of a loaded project, with the rule registry for templates that list the rules. */
export function planProjectDocs(project: Project, options: PlanOptions = {}): DocsPlan {
  return planDocs({ root: project.root, config: project.config, model: project.model, rules: rules.map((r) => r.meta) }, options);
}
