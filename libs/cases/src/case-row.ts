import type { EntityManager } from 'typeorm';
import { Case } from './case.entity';

const columnsOf = new WeakMap<object, string[]>();

/**
 * The columns of `cases`, named one by one (`c."id", c."reference", …` with an alias), where a prepared
 * statement would say `c.*`: a column a migration adds does not change what the statement returns.
 */
export function caseColumns(manager: EntityManager, alias?: string): string {
  const metadata = manager.connection.getMetadata(Case);
  let names = columnsOf.get(metadata);
  if (!names) columnsOf.set(metadata, (names = metadata.columns.map((column) => `"${column.databaseName}"`)));
  return (alias ? names.map((name) => `${alias}.${name}`) : names).join(', ');
}

/** The entity TypeORM would load from a row of `cases` (`caseColumns`): each column hydrated as a read does. */
export function caseFromRow(manager: EntityManager, row: Record<string, unknown>): Case {
  const { driver } = manager.connection;
  const c = new Case();
  for (const column of manager.connection.getMetadata(Case).columns) {
    column.setEntityValue(c, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return c;
}

/**
 * The guarded `UPDATE … RETURNING` (every column) of a transition: `patch`'s columns, the version bumped and `updated_at`
 * set as TypeORM's update builder would, only while the case is still in the state and at the version read.
 * Written out rather than built: the builder was a twentieth of the API's CPU per transition.
 */
export function guardedUpdate(
  manager: EntityManager,
  c: Pick<Case, 'id' | 'state' | 'version'>,
  patch: Partial<Case>,
): { sql: string; params: unknown[] } {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(Case);
  const params: unknown[] = [c.id, c.state, c.version];
  const sets = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`guardedUpdate: cases has no column for ${property}`);
      params.push(driver.preparePersistentValue(value, column));
      return `"${column.databaseName}" = $${params.length}`;
    });
  return {
    sql: `UPDATE cases SET ${[...sets, 'version = version + 1', 'updated_at = CURRENT_TIMESTAMP'].join(', ')}
           WHERE id = $1 AND state = $2 AND version = $3 RETURNING ${caseColumns(manager)}`,
    params,
  };
}
