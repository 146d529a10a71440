import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OUTBOX_CHANNEL, outboxInsert } from './outbox-insert';

/** An event to append: its type and its payload. */
export interface OutboxAppend {
  type: string;
  payload: Record<string, unknown>;
}

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
  appendMany(type: string, payloads: readonly Record<string, unknown>[]): Promise<string[]> {
    return this.appendAll(payloads.map((payload) => ({ type, payload })));
  }

  /** Events of any types, in the order given, in one statement with one notification; their ids in that order. */
  @Transactional(Propagation.Mandatory)
  async appendAll(events: readonly OutboxAppend[]): Promise<string[]> {
    if (events.length === 0) return [];
    const { ctes, params, notified } = outboxInsert(events, 1, '(VALUES (1)) AS one(n)');
    const rows: { id: string }[] = await this.txHost.tx.query(
      `WITH ${ctes} SELECT e.id FROM outbox_events e CROSS JOIN ${notified} ORDER BY e.seq`,
      params,
    );
    return rows.map((r) => r.id);
  }
}
