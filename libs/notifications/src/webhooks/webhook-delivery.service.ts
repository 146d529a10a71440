import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment, WebhookNotificationJob } from '@app/platform';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature';

interface DeliveryRow {
  id: string;
  status: string;
  payload: Record<string, unknown>;
  url: string;
  secret: string;
}

/**
 * POSTs one delivery to its subscription, signed. A 2xx answer delivers it; anything else throws,
 * so BullMQ retries with backoff; the last failed attempt moves it to the dead letters.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
  ) {}

  async deliver(job: WebhookNotificationJob, finalAttempt: boolean, attempt: number): Promise<'delivered' | 'skipped'> {
    const [row]: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.status, d.payload, s.url, s.secret
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.event_id = $1 AND d.subscription_id = $2`,
      [job.eventId, job.subscriptionId],
    );
    if (!row) {
      const [subscription] = await this.db.query('SELECT 1 FROM webhook_subscriptions WHERE id = $1', [
        job.subscriptionId,
      ]);
      if (!subscription) return 'skipped'; // removed since: nothing to send
      throw new Error(`delivery of event ${job.eventId} is not committed yet`);
    }
    if (row.status === 'delivered') return 'skipped';
    try {
      await this.post(row);
    } catch (error) {
      const reason = (error as Error).message.slice(0, 500);
      await this.db.query(
        `WITH d AS (
           UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $2,
                  status = CASE WHEN $3 THEN 'dead' ELSE status END
            WHERE id = $1 RETURNING id, attempts)
         INSERT INTO webhook_dead_letters (delivery_id, attempts, error)
         SELECT id, $4, $2 FROM d WHERE $3
         ON CONFLICT (delivery_id) WHERE replayed_at IS NULL DO NOTHING`,
        [row.id, reason, finalAttempt, attempt],
      );
      throw error;
    }
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = $1`,
      [row.id],
    );
    return 'delivered';
  }

  private async post(row: DeliveryRow): Promise<void> {
    const body = JSON.stringify({ id: row.id, ...row.payload });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(row.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Recourse-Webhooks/1',
        [WEBHOOK_HEADERS.id]: row.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(row.secret, timestamp, body),
      },
      body,
      redirect: 'manual', // a redirect could carry the signed body elsewhere
      signal: AbortSignal.timeout(this.env.WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  }
}
