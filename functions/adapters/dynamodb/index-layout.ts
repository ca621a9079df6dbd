/**
 * Which index names exist at each step of moving a deployed stack to the indexes declared in ./tables.ts, and which
 * ones the readers query.
 *
 * An index whose projection changed is declared under a new name (`replaces` names the old one, which projected ALL):
 * CloudFormation cannot change a GSI's projection in place, and creates or deletes one GSI per table and update. A
 * fresh stack gets the declared indexes at once. A stack deployed with the old ones moves in 2n deployments
 * (`-c indexMigration=1` … `2n`, docs/deploy.md): steps 1..n create the new indexes one at a time, steps n+1..2n
 * delete the old ones one at a time. Readers query the old names before step n and the new ones from step n on:
 * step n's functions reference the table, so CloudFormation updates them only after the table update that creates
 * the last new index has finished (the index is ACTIVE and filled), and every old index still exists while a
 * function of the step before may run.
 */
import { type IndexDefinition, MAIN_TABLE, TABLES, type TableDefinition } from './tables.ts';

/** The variable through which a stack in the middle of the migration tells its functions to query the old names. */
export const INDEX_LAYOUT_ENV = 'INDEX_LAYOUT';

/** `legacy`: the names stacks deployed before have; `current`: the names declared in ./tables.ts. */
export type IndexLayout = 'legacy' | 'current';

/** The CDK context key that picks a migration step. */
export const INDEX_MIGRATION_CONTEXT = 'indexMigration';

type MainIndex = (typeof MAIN_TABLE.indexes)[number];
/** The name readers call a main-table index by: the one it replaces, if any, else its own. */
export type MainIndexName = MainIndex extends infer I
  ? I extends { replaces: infer Old extends string }
    ? Old
    : I extends { indexName: infer Name extends string }
      ? Name
      : never
  : never;

/** The declared indexes that replace an older one, in the order a migration creates them (and deletes the old). */
export function replacedIndexes(tables: readonly TableDefinition[] = TABLES): IndexDefinition[] {
  return tables.flatMap((table) => table.indexes.filter((index) => index.replaces));
}

/** The last step: every new index created and every old one deleted (what a stack without the context gets). */
export function finalMigrationStep(tables: readonly TableDefinition[] = TABLES): number {
  return 2 * replacedIndexes(tables).length;
}

/** The old index a declaration replaces: the same keys under the old name, projecting ALL. */
function legacyIndex(index: IndexDefinition & { replaces: string }): IndexDefinition {
  const { replaces, nonKeyAttributes: _n, keysOnly: _k, ...keys } = index;
  return { ...keys, indexName: replaces };
}

/**
 * `table`'s indexes at `step` (0: the old layout, `finalMigrationStep()`: the declared one), each old index followed
 * by its replacement where both exist, so the order stays the declaration's.
 */
export function indexesAtStep(
  table: TableDefinition,
  step: number,
  tables: readonly TableDefinition[] = TABLES,
): IndexDefinition[] {
  const order = replacedIndexes(tables);
  const count = order.length;
  return table.indexes.flatMap((index) => {
    if (!index.replaces) return [index];
    const position = order.indexOf(index);
    if (position < 0) throw new Error(`${index.indexName} is not among the declared tables' indexes`);
    const created = step > position;
    const deleted = step > count + position;
    return [...(deleted ? [] : [legacyIndex({ ...index, replaces: index.replaces })]), ...(created ? [index] : [])];
  });
}

/** Which names the functions of `step` query: the old ones until the step that creates the last new index. */
export function layoutAtStep(step: number, tables: readonly TableDefinition[] = TABLES): IndexLayout {
  return step < replacedIndexes(tables).length ? 'legacy' : 'current';
}

/** The step a CDK context value names; undefined: none given (the final layout). Throws on anything else. */
export function migrationStep(value: unknown, tables: readonly TableDefinition[] = TABLES): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const last = finalMigrationStep(tables);
  const text = String(value).trim();
  const step = Number(text);
  if (!/^\d+$/.test(text) || step < 1 || step > last) {
    throw new RangeError(`${INDEX_MIGRATION_CONTEXT} "${text}" must be a step from 1 to ${last}`);
  }
  return step;
}

/**
 * The physical name of a main-table index, for the layout this function was deployed with (INDEX_LAYOUT, set only
 * while a stack migrates; the local runtime and a fresh stack use the declared names).
 */
export function indexName(name: MainIndexName, layout: string | undefined = process.env[INDEX_LAYOUT_ENV]): string {
  const index: IndexDefinition | undefined = MAIN_TABLE.indexes.find(
    (i: IndexDefinition) => (i.replaces ?? i.indexName) === name,
  );
  if (!index) throw new Error(`no main-table index is called ${name}`);
  return layout === 'legacy' && index.replaces ? index.replaces : index.indexName;
}
