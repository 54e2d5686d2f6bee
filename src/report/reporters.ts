/**
 * Reporters: pure functions from findings (and drift) to text.
 * - pretty: a code frame of the statement with the offending part underlined,
 *   the rule id and its doc page, and a summary line; colour is optional.
 * - json: the DESIGN.md document (each finding with its `messageId`).
 * - github: `::error file=…,line=…,col=…,title=…::message` workflow commands
 *   (the title names the rule and the message id).
 * - sarif: SARIF 2.1.0 for GitHub code scanning (`properties.messageId`).
 */

import pc from 'picocolors';
import type { Drift } from '../docs/generate.js';
import type { SourceText } from '../sql/source.js';
import { type Finding, summarise } from './findings.js';

export interface ReportInput {
  findings: Finding[];
  drift?: Drift[];
  files: number;
  version: string;
  /** Source texts by file, for code frames. */
  sources?: Map<string, SourceText>;
  /**
   * Where a rule's page is, as printed: a root-relative path when the pages
   * are inside the project, else a URL (default `docs/rules/<id>.md`).
   */
  ruleDocs?: (rule: string) => string;
  /** The rule page's URL, for SARIF `helpUri` (default: under `docsBaseUrl`'s default for this version). */
  ruleUrl?: (rule: string) => string;
  color?: boolean;
  /** The command that regenerates the docs, for drift messages (default `npx pgscribe generate`). */
  fixCommand?: string;
  /** Migration statements whose second run rerunnable-ddl could not decide: counted in the JSON summary; listed with `--verbose`. */
  undecided?: Array<{ file: string; line: number; why: string }>;
  /** List the undecided statements (pretty: after the findings; JSON: `undecided`). */
  verbose?: boolean;
}

export const docsUrl = (rule: string, dir = 'docs/rules') => `${dir}/${rule}.md`;

export function jsonReport(input: ReportInput, extra: Record<string, unknown> = {}): string {
  const findings = input.findings.map((f) => ({ ...f }));
  const summary: Record<string, number> = summarise(input.findings, input.files);
  if (input.undecided) summary.undecided = input.undecided.length;
  const listed = input.verbose && input.undecided ? { undecided: input.undecided } : {};
  return `${JSON.stringify({ tool: 'pgscribe', version: input.version, findings, drift: input.drift ?? [], ...extra, ...listed, summary }, null, 2)}\n`;
}

/** Longest source line a code frame shows whole; longer lines are cut around the finding (as ESLint and squawk do). */
export const frameWidth = 120;

/**
 * A window of at most `frameWidth` characters of `text` around columns
 * [from, to) (1-based), with `…` where it was cut, and the columns shifted
 * into the window.
 */
export function clipLine(text: string, from: number, to: number): { text: string; from: number; to: number } {
  if (text.length <= frameWidth) return { text, from, to };
  const span = Math.min(Math.max(1, to - from), frameWidth - 20);
  let start = Math.max(0, from - 1 - Math.floor((frameWidth - span) / 2));
  start = Math.min(start, text.length - frameWidth);
  const end = start + frameWidth;
  const head = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  return { text: `${head}${text.slice(start, end)}${tail}`, from: from - start + head.length, to: Math.min(to, end + 1) - start + head.length };
}

/** The finding's first line (and up to two more of the statement), the first line underlined; long lines cut around the finding. */
function codeFrame(source: SourceText, f: Finding, colors: ReturnType<typeof pc.createColors>): string[] {
  const last = Math.min(f.endLine, f.line + 2);
  const width = String(last).length;
  const lines: string[] = [];
  for (let n = Math.max(1, f.line); n <= last; n++) {
    const full = source.lineText(n);
    const wanted = n === f.line ? { from: f.column, to: f.endLine === f.line ? f.endColumn : full.length + 1 } : { from: 1, to: 1 };
    const clip = clipLine(full, wanted.from, wanted.to);
    lines.push(`  ${colors.dim(String(n).padStart(width))} | ${clip.text}`);
    if (n !== f.line) continue;
    const length = Math.max(1, Math.min(clip.to, clip.text.length + 1) - clip.from);
    const caret = f.severity === 'error' ? colors.red : colors.yellow;
    lines.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, clip.from - 1))}${caret('^'.repeat(length))}`);
  }
  if (f.endLine > last) lines.push(`  ${' '.repeat(width)} | …`);
  return lines;
}

export function prettyReport(input: ReportInput): string {
  const colors = pc.createColors(input.color ?? false);
  const out: string[] = [];
  const shown = input.findings.filter((f) => !f.suppressed);
  for (const f of shown) {
    const label = f.severity === 'error' ? colors.red('error') : colors.yellow('warning');
    out.push(`${colors.bold(`${f.file}:${f.line}:${f.column}`)} ${label} ${f.message}${f.baseline ? ' [baseline: locked migration]' : ''} ${colors.dim(`(${f.rule})`)}`);
    const source = input.sources?.get(f.file);
    if (source && f.rule !== 'unused-suppression') out.push(...codeFrame(source, f, colors));
    out.push(`  ${colors.cyan('help:')} ${f.help}`);
    if (f.baseline) out.push(`  ${colors.cyan('baseline:')} ${f.baseline.followUp}`);
    out.push(`  ${colors.dim(`see ${input.ruleDocs ? input.ruleDocs(f.rule) : docsUrl(f.rule)}`)}`);
    out.push('');
  }
  if (input.verbose && input.undecided && input.undecided.length > 0) {
    out.push(`${input.undecided.length} statement${input.undecided.length === 1 ? '' : 's'} whose second run rerunnable-ddl cannot decide:`);
    for (const u of input.undecided) out.push(`  ${u.file}:${u.line} ${colors.dim(u.why)}`);
    out.push('');
  }
  const s = summarise(input.findings, input.files);
  const suppressed = input.findings.length - shown.length;
  out.push(`${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}${suppressed ? ` (${suppressed} suppressed)` : ''}`);
  return `${out.join('\n')}\n`;
}

/** Escapes a workflow command message (% CR LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property (also : and ,). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReport(input: ReportInput): string {
  // Errors first: a reader (and GitHub's annotation limit) meets what fails the run before the warnings.
  const shown = input.findings.filter((f) => !f.suppressed);
  const lines = [...shown.filter((f) => f.severity === 'error'), ...shown.filter((f) => f.severity !== 'error')]
    .map((f) => {
      const command = f.severity === 'error' ? 'error' : 'warning';
      const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`pgscribe ${f.rule} (${f.messageId})`)}`];
      return `::${command} ${props.join(',')}::${escapeData(`${f.message}. ${f.help}${f.baseline ? ` Baseline: ${f.baseline.followUp}` : ''}`)}`;
    });
  for (const d of input.drift ?? []) {
    const at = d.line !== undefined ? `,line=${d.line}` : '';
    lines.push(`::error file=${escapeProperty(d.file)}${at},title=${escapeProperty('pgscribe drift')}::${escapeData(`generated ${d.section} is stale; run ${input.fixCommand ?? 'npx pgscribe generate'}`)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function sarifReport(input: ReportInput, ruleMeta: Array<{ id: string; description: string; help: string }>): string {
  const ids = ruleMeta.map((r) => r.id);
  const results = input.findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.rule,
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: f.message },
      properties: { messageId: f.messageId },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, 1) },
          },
        },
      ],
    };
    if (ids.includes(f.rule)) result.ruleIndex = ids.indexOf(f.rule);
    if (f.suppressed) result.suppressions = [{ kind: 'inSource', justification: f.suppressed.reason }];
    if (f.baseline) {
      result.baselineState = 'unchanged';
      result.properties = { messageId: f.messageId, followUp: f.baseline.followUp };
    }
    return result;
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pgscribe',
            version: input.version,
            informationUri: 'https://www.npmjs.com/package/pgscribe',
            rules: ruleMeta.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              help: { text: r.help },
              helpUri: input.ruleUrl ? input.ruleUrl(r.id) : `https://unpkg.com/pgscribe@${input.version}/docs/rules/${r.id}.md`,
            })),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
