import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** A statement's name on every connection: its text's hash (pg refuses one name for two texts). */
const namesByText = new Map<string, string>();

/** Distinct texts are few (a statement per shape of a transition's patch); a bound all the same. */
const MAX_REMEMBERED_NAMES = 1_000;

export function statementName(text: string): string {
  let name = namesByText.get(text);
  if (!name) {
    if (namesByText.size >= MAX_REMEMBERED_NAMES) namesByText.clear();
    name = `recourse_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    namesByText.set(text, name);
  }
  return name;
}

/**
 * `manager.query`, as a named prepared statement: pg parses it once per connection, and PostgreSQL keeps a
 * generic plan once five runs showed it costs no more. For the statements of every request, whose parsing
 * and planning cost more than running them (a transition's statement planned in 1.2 ms and ran in 1 ms).
 *
 * A prepared statement's result columns are fixed when it is prepared: list them (no `*` of a table), or a
 * migration adding a column makes the running statement fail ("cached plan must not change result type").
 */
export function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  params: readonly unknown[],
): Promise<T[]> {
  // TypeORM hands the query to pg as it is, and pg's Client.query takes a QueryConfig where it takes a text.
  const config = { name: statementName(text), text };
  return manager.query(config as unknown as string, params as unknown[]);
}
