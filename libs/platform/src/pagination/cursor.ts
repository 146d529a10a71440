import { Problem } from '../problems/problem';

/**
 * Opaque keyset cursors: the sort key of the last item of a page, base64url JSON.
 * Keyset (not offset) so that pages stay stable and cheap while rows are added.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The 400 for a cursor no list of ours gave out (forged, truncated, or another list's). */
export const foreignCursor = (): Problem =>
  Problem.validation([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the problem below
  }
  throw foreignCursor();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path parameter can be a uuid at all: anything else is not found, without asking PostgreSQL. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * The cursor of a list sorted newest first by an instant and a uuid id (`[at, id]`); anything else is
 * a 400 naming `cursor`.
 */
export function decodeInstantIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2).map(String);
  if (!isUuid(id) || Number.isNaN(Date.parse(at))) throw foreignCursor();
  return [at, id];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts a `limit + 1` fetch into a page; the extra row only says whether there is more. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
