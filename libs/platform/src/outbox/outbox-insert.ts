import type { OutboxAppend } from './outbox.service';

/** The PostgreSQL channel on which committed events are announced to the relays. */
export const OUTBOX_CHANNEL = 'recourse_outbox';

/**
 * `OutboxService.appendAll` for a statement of the caller's own: CTEs that insert the events in the order
 * given once per row of `source` (none when it has none), and announce them with one notification. The
 * events are parameter `$param`. The notification is a plain SELECT, which PostgreSQL runs only when the
 * statement reads it: the caller's main query joins `notified` (one row per row of `source`).
 */
export function outboxInsert(
  events: readonly OutboxAppend[],
  param: number,
  source: string,
): { ctes: string; params: unknown[]; notified: string } {
  const ctes = `outbox_events AS (
         INSERT INTO outbox_events (type, payload)
         SELECT e->>'type', e->'payload'
           FROM ${source}, jsonb_array_elements($${param}::jsonb) WITH ORDINALITY AS a(e, o) ORDER BY o
         RETURNING id, seq
       ),
       outbox_notified AS (SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM ${source})`;
  return { ctes, params: [JSON.stringify(events)], notified: 'outbox_notified' };
}
