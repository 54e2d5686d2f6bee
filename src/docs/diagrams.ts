/**
 * ER diagrams that GitHub renders. Mermaid refuses a diagram over 50,000
 * characters or 500 edges (its `maxTextSize` and `maxEdges` defaults), and
 * GitHub shows an error box instead. `fitErDiagrams` draws a set of tables
 * as one diagram when it fits; else without columns; else as several
 * diagrams, each a group of tables related by foreign keys (packed together
 * while they fit, a group too large for one diagram cut in model order), and
 * says which it did.
 */

import { qualify } from '../model/lookup.js';
import type { Model, TableDef } from '../model/types.js';
import { counted } from '../text.js';
import { mermaidId } from './markdown.js';
import { erDiagram } from './view.js';

export const mermaidLimits = { characters: 50_000, edges: 500 } as const;

export interface FittedDiagrams {
  /** Mermaid `erDiagram` texts, each within the limits. */
  diagrams: string[];
  /** What was done to fit them, for the reader; undefined when one full diagram fits. */
  note?: string;
}

/** Foreign keys drawn from `table` (each is one edge). */
function edgesOf(table: TableDef): number {
  let n = 0;
  for (const c of table.constraints) if (c.type === 'foreign key' && c.references) n++;
  return n;
}

function edgesOfAll(tables: TableDef[]): number {
  let n = 0;
  for (const t of tables) n += edgesOf(t);
  return n;
}

/**
 * An upper bound of the characters `table` adds to a diagram without
 * columns: its entity line, a line per foreign key and a bare entity per
 * referenced table, with every name qualified by its schema (erDiagram may
 * leave the schema out, never add more).
 */
function bareSize(table: TableDef): number {
  const id = mermaidId(`${table.schema}_${table.name}`).length;
  let size = id + 3;
  for (const c of table.constraints) {
    if (c.type !== 'foreign key' || !c.references) continue;
    const ref = mermaidId(`${c.references.schema}_${c.references.name}`).length;
    size += 2 + id + 8 + ref + 4 + c.columns.join(', ').length + 2 + (ref + 3);
  }
  return size;
}

function fits(text: string, edges: number): boolean {
  return text.length <= mermaidLimits.characters && edges <= mermaidLimits.edges;
}

/** Groups of tables joined by foreign keys inside `tables`, in the order of their first table. */
function relatedGroups(tables: TableDef[]): TableDef[][] {
  const index = new Map(tables.map((t, i) => [qualify(t), i]));
  const parent = tables.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  tables.forEach((t, i) => {
    for (const c of t.constraints) {
      const j = c.type === 'foreign key' && c.references ? index.get(qualify(c.references)) : undefined;
      if (j !== undefined) parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, TableDef[]>();
  tables.forEach((t, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(t);
    else groups.set(root, [t]);
  });
  return [...groups.values()];
}

/**
 * Packs `tables` into bins whose diagrams fit, using each table's size drawn
 * alone (an upper bound of its share: a table drawn alone repeats the bare
 * entities it references). Groups are kept whole where they fit in a bin.
 */
function pack(model: Model, groups: TableDef[][], withColumns: boolean): TableDef[][] {
  const budget = mermaidLimits.characters - 'erDiagram'.length;
  const sizes = new Map<TableDef, number>();
  for (const group of groups) for (const t of group) sizes.set(t, withColumns ? erDiagram(model, [t], true).length : bareSize(t));
  const bins: TableDef[][] = [];
  let current: TableDef[] = [];
  let chars = 0;
  let edges = 0;
  const close = () => {
    if (current.length > 0) bins.push(current);
    current = [];
    chars = 0;
    edges = 0;
  };
  for (const group of groups) {
    const groupChars = group.reduce((n, t) => n + sizes.get(t)!, 0);
    const groupEdges = group.reduce((n, t) => n + edgesOf(t), 0);
    if (chars + groupChars > budget || edges + groupEdges > mermaidLimits.edges) close();
    if (groupChars <= budget && groupEdges <= mermaidLimits.edges) {
      current.push(...group);
      chars += groupChars;
      edges += groupEdges;
      continue;
    }
    for (const t of group) {
      if (chars + sizes.get(t)! > budget || edges + edgesOf(t) > mermaidLimits.edges) close();
      current.push(t);
      chars += sizes.get(t)!;
      edges += edgesOf(t);
    }
  }
  close();
  return bins;
}

/** A bin's diagram; halved until each half fits (table names qualified by schema can outgrow the estimate). */
function drawWithin(model: Model, tables: TableDef[]): string[] {
  const text = erDiagram(model, tables, false);
  if (tables.length <= 1 || fits(text, edgesOfAll(tables))) return [text];
  const half = Math.ceil(tables.length / 2);
  return [...drawWithin(model, tables.slice(0, half)), ...drawWithin(model, tables.slice(half))];
}

/** As fitErDiagrams, and no diagram at all for no tables. */
export function fitErDiagramsOf(model: Model, tables: TableDef[], withColumns: boolean): FittedDiagrams {
  return tables.length === 0 ? { diagrams: [] } : fitErDiagrams(model, tables, withColumns);
}

/** Diagrams of `tables` within Mermaid's limits, with a note saying how they were fitted. */
export function fitErDiagrams(model: Model, tables: TableDef[], withColumns: boolean): FittedDiagrams {
  const edges = edgesOfAll(tables);
  const whole = erDiagram(model, tables, withColumns);
  if (fits(whole, edges)) return { diagrams: [whole] };
  const size = `${counted(tables.length, 'table')}, ${counted(edges, 'relation')}`;
  if (withColumns) {
    const bare = erDiagram(model, tables, false);
    if (fits(bare, edges)) return { diagrams: [bare], note: `Columns are left out: with them this diagram (${size}) is larger than GitHub renders.` };
  }
  const bins = pack(model, relatedGroups(tables), false);
  const diagrams = bins.flatMap((bin) => drawWithin(model, bin));
  return {
    diagrams,
    note: `Too large for one diagram that GitHub renders (${size}): shown as ${diagrams.length} diagrams of related tables, without columns.`,
  };
}
