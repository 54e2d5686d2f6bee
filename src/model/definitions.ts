/**
 * Definitions of model objects as Postgres' pg_get_*def functions spell them
 * (pg_get_constraintdef, pg_get_indexdef, pg_get_triggerdef,
 * pg_get_function_arguments), as far as the model knows them: for exports
 * (tbls' schema.json) and for `diff`, which shows a changed object by them.
 */

import { quoteIdent } from '../sql/names.js';
import type { ConstraintDef, FunctionArgument, FunctionDef, IndexDef, Model, ObjectName, TriggerDef } from './types.js';

/** `schema.name`, each part quoted as quote_ident() would. */
export const qualified = (o: ObjectName): string => `${quoteIdent(o.schema)}.${quoteIdent(o.name)}`;
export const columnList = (columns: string[]): string => columns.map(quoteIdent).join(', ');

/** A foreign key's referenced columns: as written, or the referenced table's primary key when the SQL named none. */
export function referencedColumns(model: Model, c: ConstraintDef): string[] {
  const ref = c.references;
  if (!ref) return [];
  if (ref.columns.length > 0) return ref.columns;
  const target = model.tables.find((t) => t.schema === ref.schema && t.name === ref.name);
  return target?.constraints.find((k) => k.type === 'primary key')?.columns ?? [];
}

/** A constraint as pg_get_constraintdef spells it. */
export function constraintDef(model: Model, c: ConstraintDef): string {
  switch (c.type) {
    case 'primary key':
      return `PRIMARY KEY (${columnList(c.columns)})`;
    case 'unique':
      return `UNIQUE (${columnList(c.columns)})`;
    case 'check':
      return `CHECK (${c.expression ?? ''})`;
    case 'exclusion':
      return `EXCLUDE USING ${c.using ?? 'gist'} (${c.expression ?? ''})${c.where !== undefined ? ` WHERE (${c.where})` : ''}`;
    case 'foreign key': {
      const ref = c.references;
      if (!ref) return `FOREIGN KEY (${columnList(c.columns)})`;
      const actions = [c.onUpdate && c.onUpdate !== 'no action' ? ` ON UPDATE ${c.onUpdate.toUpperCase()}` : '', c.onDelete && c.onDelete !== 'no action' ? ` ON DELETE ${c.onDelete.toUpperCase()}` : ''].join('');
      return `FOREIGN KEY (${columnList(c.columns)}) REFERENCES ${qualified(ref)}(${columnList(referencedColumns(model, c))})${actions}`;
    }
  }
}

/** An index as pg_get_indexdef spells it. */
export function indexDef(index: IndexDef): string {
  const where = index.where ? ` WHERE (${index.where})` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${qualified(index.table)} USING ${index.method} (${index.columns.join(', ')})${where}`;
}

/** A trigger as pg_get_triggerdef spells it (without arguments: the model does not keep them). */
export function triggerDef(t: TriggerDef): string {
  const events = t.events.map((e) => (e === 'update' && t.updateColumns ? `UPDATE OF ${columnList(t.updateColumns)}` : e.toUpperCase())).join(' OR ');
  const when = t.when ? ` WHEN (${t.when})` : '';
  return `CREATE ${t.constraint ? 'CONSTRAINT ' : ''}TRIGGER ${quoteIdent(t.name)} ${t.timing.toUpperCase()} ${events} ON ${qualified(t.table)} FOR EACH ${t.level.toUpperCase()}${when} EXECUTE FUNCTION ${qualified(t.function)}()`;
}

/** Arguments as pg_get_function_arguments prints them (a procedure's IN arguments say IN). */
export function functionArguments(fn: FunctionDef): string {
  const one = (a: FunctionArgument): string => {
    const mode = a.mode === 'in' ? (fn.kind === 'procedure' ? 'IN ' : '') : a.mode === 'table' ? '' : `${a.mode.toUpperCase()} `;
    return `${mode}${a.name ? `${quoteIdent(a.name)} ` : ''}${a.type}${a.default !== undefined ? ` DEFAULT ${a.default}` : ''}`;
  };
  return fn.arguments.filter((a) => a.mode !== 'table').map(one).join(', ');
}
