import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/** Appends events to the outbox inside the caller's transaction: no commit, no event; no event lost. */
@Injectable()
export class OutboxService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @Transactional(Propagation.Mandatory)
  async append(type: string, payload: Record<string, unknown>): Promise<string> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      'INSERT INTO outbox_events (type, payload) VALUES ($1, $2) RETURNING id',
      [type, JSON.stringify(payload)],
    );
    return rows[0].id;
  }
}
