/**
 * The second run of the migration chain, predicted: the steps of
 * rerun-steps.ts played twice on the shadow catalog (rerun-shadow.ts). The
 * first pass builds the state the migrations leave (every step applies, as
 * the first run did); the second starts from it and asks each statement's
 * preconditions: a statement that fails has no effect and the chain goes on
 * (replay's savepoint per statement). A precondition counts only when it held
 * at the same point of the first pass: what the shadow cannot see (objects of
 * SQL built at run time, of kinds it does not follow) never makes a statement
 * fail.
 */

import {
  catches,
  comparable,
  conditionFor,
  emptyTable,
  type Failure,
  type FunctionEntry,
  type History,
  type Op,
  relationOf,
  schemaOf,
  Shadow,
  shownObject,
  type Space,
  type Step,
  typeIn,
} from './rerun-shadow.js';

/** One pass over the steps. */
class Pass {
  /** The ops whose preconditions did not hold on this (first) pass. */
  readonly unheld = new Set<Op>();

  constructor(
    readonly shadow: Shadow,
    readonly run: 1 | 2,
    private readonly unheldFirst?: Set<Op>,
  ) {}

  /** A failure: the object is there (`which` 0) or is not (1). */
  private readonly failure = (messageId: Failure['messageId'], space: Space | 'primary key', name: string, on: string | undefined, which: 0 | 1): Omit<Failure, 'step'> => ({
    messageId,
    space,
    condition: conditionFor[space]?.[which] ?? 'others',
    object: shownObject(space, name, on),
    cause: this.shadow.why(space, name, on),
  });

  /** Checks one op's preconditions; undefined when they hold. */
  private check(step: Step, op: Op): Omit<Failure, 'step'> | undefined {
    const s = this.shadow;
    const fail = this.failure;
    switch (op.op) {
      case 'create': {
        if (op.space === 'function') {
          const existing = s.functions.get(op.name)?.get(op.signature);
          if (!existing) return undefined;
          if (!op.replace) return { ...fail('exists', 'function', `${op.name}(${op.signature})`, undefined, 0), cause: s.why('function', op.name, undefined) };
          if (existing.returns && op.returns && existing.returns !== op.returns) return { messageId: 'returnType', condition: 'invalid_function_definition', object: `function ${op.name}(${op.signature})`, cause: s.why('function', op.name, undefined) };
          return undefined;
        }
        if (op.space === 'relation') {
          const found = s.relations.get(op.name);
          const existing = found?.phantom ? undefined : found;
          if (!existing) return op.contents.kind !== 'index' && s.types.has(op.name) && !op.ifNotExists ? fail('exists', 'type', op.name, undefined, 0) : undefined;
          if (op.ifNotExists) return undefined;
          if (op.replace && existing.kind !== op.contents.kind) return { messageId: 'wrongKind', condition: 'wrong_object_type', object: `${existing.kind} ${op.name}`, cause: s.why('relation', op.name, undefined) };
          if (op.replace) {
            if (existing.kind === 'view' && !existing.columns.every((c, i) => op.contents.columns[i] === c)) return { messageId: 'viewColumns', condition: 'invalid_table_definition', object: `view ${op.name}`, cause: s.why('relation', op.name, undefined) };
            return undefined;
          }
          return fail('exists', 'relation', op.name, undefined, 0);
        }
        if (op.ifNotExists || !s.has(op.space, op.name)) return undefined;
        return fail('exists', op.space, op.name, undefined, 0);
      }
      case 'add': {
        // On the first run a part of a table the model does not know is followed on a phantom of it (made when the op applies).
        if (!s.holder(op.space, op.on) && this.run === 1 && op.space !== 'enum value') return undefined;
        if (!s.holder(op.space, op.on)) return fail('missing', op.space === 'enum value' ? 'type' : 'relation', op.on, undefined, 1);
        if (op.space === 'primary key') return s.has('primary key', '', op.on) ? fail('exists', 'primary key', '', op.on, 0) : undefined;
        if (op.ifNotExists || !s.has(op.space, op.name, op.on)) {
          if (op.primaryKey && s.has('primary key', '', op.on)) return fail('exists', 'primary key', '', op.on, 0);
          if (op.index && s.relations.has(op.index) && !op.ifNotExists) return fail('exists', 'relation', op.index, undefined, 0);
          return undefined;
        }
        return fail('exists', op.space, op.name, op.on, 0);
      }
      case 'drop': {
        if (op.space === 'relation') {
          const existing = s.relations.get(op.name);
          if (existing && op.kind && existing.kind !== op.kind) return { messageId: 'wrongKind', condition: 'wrong_object_type', object: `${existing.kind} ${op.name}`, cause: s.why('relation', op.name, undefined) };
          if (existing && !op.cascade) {
            const dependent = s.dependentOf(op.name);
            if (dependent) return { messageId: 'dependents', condition: 'dependent_objects_still_exist', object: `${existing.kind} ${op.name} (${dependent})`, cause: s.why('relation', dependent.slice(dependent.indexOf(' ') + 1), undefined) };
          }
        }
        if (op.space === 'type' && !op.cascade && s.types.has(op.name)) {
          const user = s.columnOfType(op.name);
          if (user) return { messageId: 'dependents', space: 'type', condition: 'dependent_objects_still_exist', object: `type ${op.name} (column ${user})`, cause: s.why('type', op.name, undefined) };
        }
        if (op.space === 'column' && !op.cascade && op.on && s.has('column', op.name, op.on)) {
          const viewer = s.readerOf(`${op.on}.${op.name}`);
          if (viewer) return { messageId: 'dependents', space: 'column', condition: 'dependent_objects_still_exist', object: `column ${op.name} on ${op.on} (${viewer.kind} ${viewer.name})`, cause: s.why('relation', viewer.name, undefined) };
        }
        if (op.ifExists) return undefined;
        if (!s.holder(op.space, op.on)) return fail('missing', 'relation', op.on ?? '', undefined, 1);
        if (op.space === 'function' && op.signature !== undefined) return s.functions.get(op.name)?.has(op.signature) ? undefined : fail('missing', 'function', `${op.name}(${op.signature})`, undefined, 1);
        return s.has(op.space, op.name, op.on) ? undefined : fail('missing', op.space, op.name, op.on, 1);
      }
      case 'rename':
        if (!s.holder(op.space, op.on)) return op.ifExists ? undefined : fail('missing', 'relation', op.on ?? '', undefined, 1);
        if (!s.has(op.space, op.name, op.on)) return op.ifExists ? undefined : fail('missing', op.space, op.name, op.on, 1);
        if (s.has(op.space, op.to, op.on)) return fail('exists', op.space, op.to, op.on, 0);
        return undefined;
      case 'need':
        if (!s.holder(op.space, op.on)) return fail('missing', op.space === 'enum value' ? 'type' : 'relation', op.on ?? '', undefined, 1);
        return s.has(op.space, op.name, op.on) ? undefined : fail('missing', op.space, op.name, op.on, 1);
      case 'insert': {
        const table = s.relations.get(op.on);
        if (!table) return fail('missing', 'relation', op.on, undefined, 1);
        if (op.conflict || !table.rows?.has(op)) return undefined; // its own rows of the first run are what it meets again
        if (op.from && op.from.every((f) => (s.relations.get(f)?.rows?.size ?? 0) === 0)) return undefined; // it selects from tables that hold no rows
        const inserted = (op.columns ?? table.columns).filter((c) => !op.fresh?.includes(c));
        const key = table.keys.find((k) => k.length > 0 && k.every((c) => inserted.includes(c)));
        if (!key) return undefined;
        return { messageId: 'duplicateRow', condition: 'unique_violation', object: `${op.on} (key ${key.join(', ')})`, cause: { what: 'inserted', at: { file: step.file, line: step.line }, run: 1 } };
      }
      case 'clear rows':
        return s.relations.has(op.on) ? undefined : fail('missing', 'relation', op.on, undefined, 1);
      case 'retype': {
        if (!s.holder('column', op.on)) return fail('missing', 'relation', op.on, undefined, 1);
        if (!s.has('column', op.name, op.on)) return fail('missing', 'column', op.name, op.on, 1);
        const viewer = s.readerOf(`${op.on}.${op.name}`);
        if (viewer) return { messageId: 'usedByView', space: 'column', condition: 'feature_not_supported', object: `column ${op.name} on ${op.on} (${viewer.kind} ${viewer.name})`, cause: s.why('relation', viewer.name, undefined) };
        return undefined;
      }
      case 'reference': {
        const table = s.relations.get(op.on);
        const target = s.relations.get(op.target);
        const targetColumns = op.targetColumns ?? target?.primaryKeyColumns;
        if (!table || !target || !targetColumns || targetColumns.length !== op.columns.length) return undefined; // the other ops ask for what is missing
        for (let i = 0; i < op.columns.length; i++) {
          const from = typeIn(table, op.columns[i]);
          const to = typeIn(target, targetColumns[i]);
          if (from && to && !comparable(from, to)) {
            return { messageId: 'keyTypes', space: 'constraint', condition: 'datatype_mismatch', object: `${op.on}.${op.columns[i]} (${from}) and ${op.target}.${targetColumns[i]} (${to})`, cause: s.why('column', targetColumns[i], op.target) };
          }
        }
        return undefined;
      }
      case 'value':
        return this.valueCheck(op);
      case 'call': {
        const overloads = [...(s.functions.get(op.name)?.values() ?? [])].filter((f) => f.arity[0] <= op.arguments && op.arguments <= f.arity[1]);
        if (overloads.length === 0) return fail('missing', 'function', op.name, undefined, 1);
        // Ambiguous when two take the arguments given with the same types (one by a default): other types Postgres tells apart.
        const given = (f: FunctionEntry) => f.types.slice(0, op.arguments).join(',');
        if (new Set(overloads.map(given)).size === overloads.length) return undefined;
        return { messageId: 'ambiguous', space: 'function', condition: 'ambiguous_function', object: `function ${op.name} (${overloads.length} overloads take ${op.arguments} argument${op.arguments === 1 ? '' : 's'})`, cause: s.why('function', op.name, undefined) };
      }
    }
  }

  /**
   * A value meets a column of an enum type: a literal must be one of the
   * enum's values (Postgres coerces it when it plans the statement, rows or
   * none); a cast to another enum type has no operator or assignment to it.
   * Only columns whose type is an enum the shadow knows are judged.
   */
  private valueCheck(op: Extract<Op, { op: 'value' }>): Omit<Failure, 'step'> | undefined {
    const s = this.shadow;
    const table = s.relations.get(op.on);
    const type = table ? typeIn(table, op.name) : '';
    const array = type.endsWith('[]');
    const base = array ? type.slice(0, -2) : type;
    const values = base ? s.types.get(base) : undefined;
    if (!values) return undefined;
    const column = `column ${op.name} on ${op.on}`;
    if (op.type !== undefined) {
      const otherBase = op.type.replace(/\[\]$/, '');
      if (op.type === type || !s.types.get(otherBase) || otherBase === base) return undefined;
      return { messageId: 'valueType', space: 'column', condition: op.assign ? 'datatype_mismatch' : 'undefined_function', object: `${column} (${type}) and a value of type ${op.type}`, cause: s.why('type', base, undefined) };
    }
    if (op.literal === undefined || array || values.has(op.literal)) return undefined;
    return { messageId: 'enumValue', space: 'enum value', condition: 'invalid_text_representation', object: `'${op.literal}' for ${column} (type ${base})`, cause: s.why('type', base, undefined) };
  }

  /** Applies one op (its preconditions held, or this is the first pass). */
  private apply(step: Step, op: Op): void {
    const s = this.shadow;
    const history = (what: History['what'], to?: string): History => ({ what, step, run: this.run, to });
    switch (op.op) {
      case 'create':
        if (op.space === 'relation') {
          const found = s.relations.get(op.name);
          const existing = found?.phantom ? undefined : found;
          if (existing && (op.ifNotExists || !op.replace)) return;
          if (existing) {
            existing.columns = [...op.contents.columns];
            existing.columnTypes = [...op.contents.columnTypes];
            existing.readsColumns = op.contents.readsColumns && [...op.contents.readsColumns];
            if (op.contents.reads) existing.reads = [...op.contents.reads];
            return;
          }
          const c = op.contents;
          s.relations.set(op.name, relationOf(c, found));
          for (const index of c.indexes) s.addIndex(index, op.name);
          if (c.kind === 'index' && c.owner) {
            s.addIndex(op.name, c.owner, c.columns);
            const owner = s.relations.get(c.owner);
            if (owner) for (const k of c.keys) owner.keys.push([...k]);
          }
          s.note('relation', op.name, undefined, history('created'));
          return;
        }
        if (op.space === 'type') {
          if (s.types.has(op.name)) return;
          s.types.set(op.name, op.values ? new Set(op.values) : undefined);
        } else if (op.space === 'function') {
          const overloads = s.functions.get(op.name) ?? new Map<string, FunctionEntry>();
          if (overloads.has(op.signature) && !op.replace) return;
          overloads.set(op.signature, { returns: op.returns, arity: op.arity, types: op.types });
          s.functions.set(op.name, overloads);
        } else if (op.space === 'schema') {
          if (s.schemas.has(op.name)) return;
          s.schemas.add(op.name);
        } else {
          if (s.extensions.has(op.name)) return;
          s.extensions.add(op.name);
        }
        s.note(op.space, op.name, undefined, history('created'));
        return;
      case 'add': {
        if (op.space !== 'enum value' && !s.relations.has(op.on)) {
          const phantom = emptyTable();
          phantom.phantom = true;
          s.relations.set(op.on, phantom);
        }
        const table = s.relations.get(op.on);
        if (op.space === 'enum value') {
          s.types.get(op.on)?.add(op.name);
          s.note(op.space, op.name, op.on, history('created'));
          return;
        }
        if (!table) return;
        if (op.space === 'primary key') {
          table.primaryKey = true;
          table.primaryKeyColumns = op.key;
        } else if (op.space === 'column') {
          if (!table.columns.includes(op.name)) {
            table.columns.push(op.name);
            table.columnTypes.push(op.type ?? '');
          }
        } else if (op.space === 'constraint') {
          if (!table.constraints.includes(op.name)) table.constraints.push(op.name);
          if (op.references) {
            (table.foreignKeys ??= []).push({ name: op.name, target: op.references });
            if (op.references !== op.on && !(table.reads ??= []).includes(op.references)) table.reads.push(op.references);
          }
          if (op.primaryKey) {
            table.primaryKey = true;
            table.primaryKeyName = op.name;
            table.primaryKeyColumns = op.key;
          }
        } else if (op.space === 'identity') {
          table.identities = [...(table.identities ?? []), op.name];
        } else if (op.space === 'trigger') {
          if (!table.triggers.includes(op.name)) table.triggers.push(op.name);
        } else if (op.space === 'policy') {
          if (!table.policies.includes(op.name)) table.policies.push(op.name);
        }
        if (op.index) s.addIndex(op.index, op.on);
        if (op.key) table.keys.push([...op.key]);
        if (op.space !== 'primary key') s.note(op.space, op.name, op.on, history('created'));
        return;
      }
      case 'drop':
        this.drop(op.space, op.name, op.on, op.signature, op.cascade ?? false);
        s.note(op.space, op.signature === undefined ? op.name : `${op.name}(${op.signature})`, op.on, history('dropped'));
        if (op.space === 'function' && op.signature !== undefined) s.note('function', op.name, undefined, history('dropped'));
        return;
      case 'rename':
        if (!s.has(op.space, op.name, op.on)) return;
        this.rename(op.space, op.name, op.to, op.on);
        s.note(op.space, op.name, op.on, history('renamed', op.to));
        s.note(op.space, op.to, op.on, history('created'));
        return;
      case 'retype': {
        const table = s.relations.get(op.on);
        const at = table?.columns.indexOf(op.name) ?? -1;
        if (table && at !== -1) table.columnTypes[at] = op.type;
        return;
      }
      case 'need':
      case 'call':
      case 'reference':
      case 'value':
        return;
      case 'insert': {
        const table = s.relations.get(op.on);
        if (table) (table.rows ??= new Set()).add(op);
        return;
      }
      case 'clear rows': {
        const table = s.relations.get(op.on);
        if (table) table.rows = undefined;
      }
    }
  }

  private drop(space: Space, name: string, on: string | undefined, signature: string | undefined, cascade: boolean): void {
    const s = this.shadow;
    const table = on ? s.relations.get(on) : undefined;
    switch (space) {
      case 'relation':
        s.dropRelation(name, cascade);
        return;
      case 'type':
        s.types.delete(name);
        return;
      case 'function':
        if (signature === undefined) s.functions.delete(name);
        else s.functions.get(name)?.delete(signature);
        return;
      case 'schema':
        s.schemas.delete(name);
        for (const k of [...s.relations.keys()]) if (schemaOf(k) === name) s.dropRelation(k);
        for (const k of [...s.types.keys()]) if (schemaOf(k) === name) s.types.delete(k);
        for (const k of [...s.functions.keys()]) if (schemaOf(k) === name) s.functions.delete(k);
        return;
      case 'extension':
        s.extensions.delete(name);
        return;
      case 'column':
        if (table) {
          const at = table.columns.indexOf(name);
          if (at !== -1) {
            table.columns.splice(at, 1);
            table.columnTypes.splice(at, 1);
          }
          if (cascade) for (const [k, r] of [...s.relations]) if (r.readsColumns?.includes(`${on}.${name}`)) s.dropRelation(k, true);
          // The indexes on the column go with it.
          for (const index of [...table.indexes]) if (s.relations.get(index)?.columns.includes(name)) s.dropRelation(index);
          table.keys = table.keys.filter((k) => !k.includes(name));
        }
        return;
      case 'constraint':
        if (table) {
          table.constraints = table.constraints.filter((c) => c !== name);
          const fk = table.foreignKeys?.find((f) => f.name === name);
          if (fk) {
            table.foreignKeys = table.foreignKeys?.filter((f) => f !== fk);
            if (!table.foreignKeys?.some((f) => f.target === fk.target)) table.reads = table.reads?.filter((r) => r !== fk.target);
          }
          if (table.primaryKeyName === name) {
            table.primaryKey = false;
            table.primaryKeyName = undefined;
            table.primaryKeyColumns = undefined;
          }
          if (s.relations.get(`${schemaOf(on ?? '')}.${name}`)?.owner === on) s.dropRelation(`${schemaOf(on ?? '')}.${name}`);
        }
        return;
      case 'trigger':
        if (table) table.triggers = table.triggers.filter((t) => t !== name);
        return;
      case 'policy':
        if (table) table.policies = table.policies.filter((p) => p !== name);
        return;
      case 'enum value':
        return;
      case 'identity':
        if (table) table.identities = table.identities?.filter((c) => c !== name);
        return;
    }
  }

  private rename(space: Space, from: string, to: string, on: string | undefined): void {
    const s = this.shadow;
    const table = on ? s.relations.get(on) : undefined;
    switch (space) {
      case 'relation':
        s.renameRelation(from, to);
        return;
      case 'type': {
        const values = s.types.get(from);
        s.types.delete(from);
        s.types.set(to, values);
        // Columns refer to the type itself, not to its name.
        for (const r of s.relations.values()) r.columnTypes = r.columnTypes.map((t) => (t === from ? to : t === `${from}[]` ? `${to}[]` : t));
        return;
      }
      case 'function': {
        const overloads = s.functions.get(from);
        s.functions.delete(from);
        if (overloads) s.functions.set(to, overloads);
        return;
      }
      case 'schema':
        s.schemas.delete(from);
        s.schemas.add(to);
        for (const k of [...s.relations.keys()]) if (schemaOf(k) === from) s.renameRelation(k, `${to}${k.slice(from.length)}`);
        return;
      case 'column':
        if (table) {
          table.columns = table.columns.map((c) => (c === from ? to : c));
          for (const r of s.relations.values()) if (r.readsColumns?.includes(`${on}.${from}`)) r.readsColumns = r.readsColumns.map((x) => (x === `${on}.${from}` ? `${on}.${to}` : x));
          table.keys = table.keys.map((k) => k.map((c) => (c === from ? to : c)));
        }
        return;
      case 'constraint':
        if (table) table.constraints = table.constraints.map((c) => (c === from ? to : c));
        return;
      case 'trigger':
        if (table) {
          table.triggers = table.triggers.map((t) => (t === from ? to : t));
        }
        return;
      case 'policy':
        if (table) {
          table.policies = table.policies.map((p) => (p === from ? to : p));
        }
        return;
      case 'enum value': {
        const values = s.types.get(on ?? '');
        if (values) {
          values.delete(from);
          values.add(to);
        }
        return;
      }
      case 'extension':
      case 'identity':
    }
  }

  /** Runs a step: on the first pass every op applies; on the second its checks decide. Returns the failure, if the step fails. */
  step(step: Step): Failure | undefined {
    if (step.children) {
      if (this.run === 2 && step.undecided) {
        for (const child of step.children) for (const op of child.ops) this.apply(child, op);
        return undefined;
      }
      for (const child of step.children) {
        const failure = this.step(child);
        if (failure) return { ...failure, container: step };
      }
      return undefined;
    }
    if (this.run === 1 || step.undecided) {
      for (const op of step.ops) {
        if (this.run === 1 && this.check(step, op) !== undefined) this.unheld.add(op);
        this.apply(step, op);
      }
      return undefined;
    }
    for (const op of step.ops) {
      // A precondition that did not hold on the first run either (which applied) is one the shadow cannot see: it never fails a statement.
      if (this.unheldFirst?.has(op)) continue;
      const failure = this.check(step, op);
      if (!failure) {
        this.apply(step, op);
        continue;
      }
      const guarded = step.guards.some((g) => g.kind === 'catalog-check');
      if (guarded) return undefined;
      const caught = step.guards.some((g) => g.kind === 'exception' && catches(g.conditions, failure.condition));
      if (caught) return undefined;
      const other = step.guards.find((g) => g.kind === 'other-names');
      return other?.kind === 'other-names' ? { step, op, ...failure, guardChecks: other.names } : { step, op, ...failure };
    }
    return undefined;
  }
}

/** The result of the prediction. */
export interface SecondRun {
  failures: Failure[];
  /** Statements whose outcome the shadow cannot decide. */
  undecided: Step[];
}

/**
 * Plays `files` (the steps of each migration, in order) twice, after what
 * `setup` makes (it runs once, before both), and returns the statements that fail on the second run, each with why.
 */
export function predictSecondRun(files: Step[][], setup?: Step): SecondRun {
  const first = new Pass(new Shadow(), 1);
  if (setup) first.step(setup);
  for (const steps of files) for (const step of steps) first.step(step);
  const second = new Pass(first.shadow, 2, first.unheld); // the second run starts where the first ended
  const failures: Failure[] = [];
  const undecided: Step[] = [];
  for (const steps of files) {
    for (const step of steps) {
      if (step.undecided) undecided.push(step);
      const failure = second.step(step);
      if (failure) failures.push(failure);
    }
  }
  return { failures, undecided };
}
