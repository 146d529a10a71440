import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/** The PostgreSQL channel on which committed events are announced to the relays. */
export const OUTBOX_CHANNEL = 'recourse_outbox';

/** Appends events to the outbox inside the caller's transaction: no commit, no event; no event lost. */
@Injectable()
export class OutboxService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @Transactional(Propagation.Mandatory)
  async append(type: string, payload: Record<string, unknown>): Promise<string> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      // The notification is delivered at commit, and wakes the relays at once instead of at their next poll.
      `WITH event AS (INSERT INTO outbox_events (type, payload) VALUES ($1, $2) RETURNING id)
       SELECT id, pg_notify('${OUTBOX_CHANNEL}', '') FROM event`,
      [type, JSON.stringify(payload)],
    );
    return rows[0].id;
  }

  /** Several events of one type, in the order given, with one notification; returns their ids in that order. */
  @Transactional(Propagation.Mandatory)
  async appendMany(type: string, payloads: readonly Record<string, unknown>[]): Promise<string[]> {
    if (payloads.length === 0) return [];
    const rows: { id: string }[] = await this.txHost.tx.query(
      `WITH events AS (
         INSERT INTO outbox_events (type, payload)
         SELECT $1, p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(p, o) ORDER BY o
         RETURNING id, seq
       )
       SELECT id FROM events CROSS JOIN (SELECT pg_notify('${OUTBOX_CHANNEL}', '')) AS notified ORDER BY seq`,
      [type, JSON.stringify(payloads)],
    );
    return rows.map((r) => r.id);
  }
}
