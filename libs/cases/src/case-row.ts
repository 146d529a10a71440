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
