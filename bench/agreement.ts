/**
 * The agreement of `rerunnable-ddl` with Postgres (issue 17): the statements
 * the rule flags against the statements that fail in `verify`'s second pass,
 * matched by statement range, on every corpus set in ../shared/corpus
 * (`npm run bench -- --agreement`). Only files whose first pass applied
 * count: a file that fails the first time re-runs as a first run. The corpus
 * test holds the same function to the targets.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The part of a finding the comparison reads. */
export interface Placed {
  rule: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface Agreement {
  /** Statements flagged (one per failing statement matched, one per unmatched finding). */
  flagged: number;
  /** Statements that fail on the second pass. */
  failing: number;
  agreed: number;
  precision: number;
  recall: number;
  /** Flagged, but the statement re-runs cleanly; failing, but not flagged. */
  falsePositives: Placed[];
  falseNegatives: Placed[];
}

const atOrBefore = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);

/** Whether two ranges in the same file overlap (replay places a failure at the error's position inside the statement). */
function overlaps(a: Placed, b: Placed): boolean {
  return a.file === b.file && atOrBefore(a.line, a.column, b.endLine, b.endColumn) && atOrBefore(b.line, b.column, a.endLine, a.endColumn);
}

/** Compares the rule's findings with verify's, over the files that applied the first time. */
export function agreementOf(lint: Placed[], verify: Placed[]): Agreement {
  const failedFirst = new Set([...verify, ...lint].filter((f) => f.rule === 'replay-apply' || f.rule === 'syntax-error').map((f) => f.file));
  const failing = verify.filter((f) => f.rule === 'replay-rerun' && !failedFirst.has(f.file));
  const flagged = lint.filter((f) => f.rule === 'rerunnable-ddl' && !failedFirst.has(f.file));
  const matched = new Set<Placed>();
  const unmatched = new Map<string, Placed>();
  for (const finding of flagged) {
    const hit = failing.find((g) => overlaps(finding, g));
    if (hit) matched.add(hit);
    else unmatched.set(`${finding.file}:${finding.line}:${finding.column}`, finding);
  }
  const agreed = matched.size;
  const flaggedStatements = agreed + unmatched.size;
  return {
    flagged: flaggedStatements,
    failing: failing.length,
    agreed,
    precision: flaggedStatements === 0 ? 100 : (100 * agreed) / flaggedStatements,
    recall: failing.length === 0 ? 100 : (100 * agreed) / failing.length,
    falsePositives: [...unmatched.values()],
    falseNegatives: failing.filter((g) => !matched.has(g)),
  };
}

/** Runs the CLI on one corpus set with `config`: lint and verify, both as JSON. */
function runCorpus(bin: string, root: string, config: object): { lint: Placed[]; verify: Placed[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-agreement-'));
  try {
    const configFile = path.join(dir, 'pgscribe.config.json');
    writeFileSync(configFile, JSON.stringify(config));
    const run = (args: string[]) => {
      try {
        return execFileSync(process.execPath, [bin, '--root', root, '--config', configFile, ...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (error) {
        const out = (error as { stdout?: string }).stdout;
        if (out) return out; // exit 1: findings
        throw error;
      }
    };
    return { lint: JSON.parse(run(['lint'])).findings, verify: JSON.parse(run(['verify'])).findings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n: number): string => `${n.toFixed(1)} %`;

/** Prints the agreement table of every corpus set, and each disagreement with file:line and why. */
export function printAgreement(bin: string, corpusRoot: string, configs: Record<string, object>, write: (text: string) => void): Agreement[] {
  const rows: string[] = ['| set | flagged | fail on re-run | agreed | precision | recall |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  const details: string[] = [];
  const results: Agreement[] = [];
  for (const [name, config] of Object.entries(configs)) {
    process.stderr.write(`agreement: ${name}…\n`);
    const { lint, verify } = runCorpus(bin, path.join(corpusRoot, name), config);
    const a = agreementOf(lint, verify);
    results.push(a);
    rows.push(`| ${name} | ${a.flagged} | ${a.failing} | ${a.agreed} | ${pct(a.precision)} | ${pct(a.recall)} |`);
    for (const f of a.falsePositives) details.push(`  ${name}: flagged, re-runs cleanly: ${f.file}:${f.line} ${f.message}`);
    for (const f of a.falseNegatives) details.push(`  ${name}: fails on re-run, not flagged: ${f.file}:${f.line} ${f.message}`);
  }
  write(`${rows.join('\n')}\n`);
  if (details.length > 0) write(`\nDisagreements:\n${details.join('\n')}\n`);
  return results;
}
