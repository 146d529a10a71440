import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import {
  decodeCursor,
  decodeInstantIdCursor,
  Environment,
  foreignCursor,
  isUuid,
  OutboxService,
  Problem,
  toPage,
} from '@app/platform';
import { DeadLetterDto, DeadLetterListQuery, DeadLetterPageDto } from './dto/dead-letter.dto';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { CreatedWebhookDto, WebhookDto, WebhookPageDto } from './dto/webhook.dto';
import { WebhookListQuery } from './dto/webhook-list.query';
import { refusedHost } from './webhook-address';
import { WebhookSubscription } from './webhook-subscription.entity';

/** The outbox event of a replay; the worker puts the delivery back on the `notifications` queue. */
export const WEBHOOK_REPLAY_REQUESTED = 'notifications.webhook_replay_requested';

interface DeadLetterRow {
  id: string;
  delivery_id: string;
  subscription_id: string;
  party_code: string;
  url: string;
  event_id: string;
  attempts: number;
  error: string;
  payload: Record<string, unknown>;
  created_at: Date;
  created_key: string;
  replayed_at: Date | null;
}

const DEAD_LETTERS = `
  SELECT l.id, l.delivery_id, d.subscription_id, s.party_code, s.url, d.event_id, l.attempts, l.error,
         d.payload, l.created_at, l.replayed_at,
         to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
    FROM webhook_dead_letters l
    JOIN webhook_deliveries d ON d.id = l.delivery_id
    JOIN webhook_subscriptions s ON s.id = d.subscription_id`;

/** Admins' side of webhooks: subscriptions of party systems, and the deliveries that gave up. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    private readonly env: Environment,
  ) {}

  private get subscriptions() {
    return this.txHost.tx.getRepository(WebhookSubscription);
  }

  /** A URL whose host can only be internal is refused here; one whose name resolves inside, at delivery. */
  async create(input: CreateWebhookDto, createdBy: string): Promise<CreatedWebhookDto> {
    const refused = this.env.webhooksMayReachPrivateNetworks ? null : refusedHost(input.url);
    if (refused) {
      throw Problem.unprocessable('Webhooks go to party systems on public addresses.', [
        { field: 'url', message: `${refused}; set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it` },
      ]);
    }
    const secret = input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    const row = await this.subscriptions.save(
      this.subscriptions.create({ partyCode: input.partyCode, url: input.url, secret, createdBy }),
    );
    return { ...WebhookDto.of(row), secret };
  }

  /** By party, then id. */
  async list(query: WebhookListQuery): Promise<WebhookPageDto> {
    const qb = this.subscriptions
      .createQueryBuilder('s')
      .orderBy('s.party_code')
      .addOrderBy('s.id')
      .limit(query.limit + 1);
    if (query.partyCode) qb.andWhere('s.party_code = :party', { party: query.partyCode });
    if (query.cursor) {
      const [party, id] = decodeCursor(query.cursor, 2);
      if (!isUuid(String(id))) throw foreignCursor();
      qb.andWhere('(s.party_code, s.id) > (:party_after, :id::uuid)', { party_after: party, id });
    }
    const page = toPage(await qb.getMany(), query.limit, (s) => [s.partyCode, s.id]);
    return { items: page.items.map(WebhookDto.of), nextCursor: page.nextCursor };
  }

  /** Stops deliveries to it; its pending deliveries and dead letters go with it. */
  async remove(id: string): Promise<void> {
    const result = isUuid(id) ? await this.subscriptions.delete({ id }) : { affected: 0 };
    if (!result.affected) throw Problem.notFound(`No webhook subscription ${id}.`);
  }

  /** Newest first. */
  async deadLetters(query: DeadLetterListQuery): Promise<DeadLetterPageDto> {
    const params: unknown[] = [query.replayed ?? false, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [at, id] = decodeInstantIdCursor(query.cursor);
      params.push(at, id);
      after = 'AND (l.created_at, l.id) < ($3::timestamptz, $4::uuid)';
    }
    const rows: DeadLetterRow[] = await this.txHost.tx.query(
      `${DEAD_LETTERS} WHERE (l.replayed_at IS NOT NULL) = $1 ${after}
        ORDER BY l.created_at DESC, l.id DESC LIMIT $2`,
      params,
    );
    const page = toPage(rows, query.limit, (r) => [r.created_key, r.id]);
    return { items: page.items.map(deadLetterOf), nextCursor: page.nextCursor };
  }

  /**
   * Sends a dead letter's delivery again, with a fresh round of attempts. The replay commits with
   * an outbox event, so it is not lost while Redis is away; a dead letter is replayed once.
   */
  @Transactional()
  async replay(id: string): Promise<DeadLetterDto> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM's query().
    const [[marked]]: [{ delivery_id: string }[], number] = isUuid(id)
      ? await this.txHost.tx.query(
          `UPDATE webhook_dead_letters SET replayed_at = now() WHERE id = $1 AND replayed_at IS NULL
           RETURNING delivery_id`,
          [id],
        )
      : [[], 0];
    if (!marked) {
      const exists =
        isUuid(id) && (await this.txHost.tx.query('SELECT 1 FROM webhook_dead_letters WHERE id = $1', [id])).length > 0;
      if (exists) throw Problem.conflict(`Dead letter ${id} was already replayed.`, 'already-replayed');
      throw Problem.notFound(`No dead letter ${id}.`);
    }
    await this.txHost.tx.query(`UPDATE webhook_deliveries SET status = 'pending' WHERE id = $1`, [marked.delivery_id]);
    await this.outbox.append(WEBHOOK_REPLAY_REQUESTED, { deliveryId: marked.delivery_id, deadLetterId: id });
    const [row]: DeadLetterRow[] = await this.txHost.tx.query(`${DEAD_LETTERS} WHERE l.id = $1`, [id]);
    return deadLetterOf(row);
  }
}

function deadLetterOf(row: DeadLetterRow): DeadLetterDto {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    subscriptionId: row.subscription_id,
    partyCode: row.party_code,
    url: row.url,
    eventId: row.event_id,
    attempts: row.attempts,
    error: row.error,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    replayedAt: row.replayed_at?.toISOString() ?? null,
  };
}
