import type { EntityManager } from 'typeorm';
import { Case } from './case.entity';

/** The entity TypeORM would load from a row of `cases` (`SELECT c.*`, `RETURNING *`): each column hydrated as a read does. */
export function caseFromRow(manager: EntityManager, row: Record<string, unknown>): Case {
  const { driver } = manager.connection;
  const c = new Case();
  for (const column of manager.connection.getMetadata(Case).columns) {
    column.setEntityValue(c, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return c;
}

/**
 * The guarded `UPDATE … RETURNING *` of a transition: `patch`'s columns, the version bumped and `updated_at`
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
           WHERE id = $1 AND state = $2 AND version = $3 RETURNING *`,
    params,
  };
}
