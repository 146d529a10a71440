import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** A statement's name on every connection: its text's hash (pg refuses one name for two texts). */
const namesByText = new Map<string, string>();

/** Distinct texts are few (a statement per shape of a transition's patch); a bound all the same. */
const MAX_REMEMBERED_NAMES = 1_000;

/**
 * Bumped when a prepared statement went stale (`isStale`): every text then gets a name no connection
 * has prepared, so each prepares it again on its next use. pg never forgets what a connection prepared.
 */
let generation = 0;

export function statementName(text: string): string {
  let name = namesByText.get(text);
  if (!name) {
    if (namesByText.size >= MAX_REMEMBERED_NAMES) namesByText.clear();
    name = `recourse_${createHash('sha256').update(`${generation}\n${text}`).digest('hex').slice(0, 32)}`;
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
 * A migration that changes a listed column's type still does: the statement is then prepared again under
 * a new name — at once outside a transaction, by the next call inside one (whose transaction is aborted).
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  params: readonly unknown[],
): Promise<T[]> {
  try {
    return await run<T>(manager, text, params);
  } catch (error) {
    if (!isStale(error)) throw error;
    generation += 1;
    namesByText.clear();
    if (manager.queryRunner?.isTransactionActive) throw error;
    return run<T>(manager, text, params);
  }
}

function run<T>(manager: EntityManager, text: string, params: readonly unknown[]): Promise<T[]> {
  // TypeORM hands the query to pg as it is, and pg's Client.query takes a QueryConfig where it takes a text.
  const config = { name: statementName(text), text };
  return manager.query(config as unknown as string, params as unknown[]);
}

/** PostgreSQL's answers for a prepared statement a schema change (or a DEALLOCATE) left behind. */
function isStale(error: unknown): boolean {
  const { code, message } = ((error as { driverError?: unknown }).driverError ?? {}) as {
    code?: string;
    message?: string;
  };
  return code === '26000' || (code === '0A000' && /cached plan must not change result type/.test(message ?? ''));
}
