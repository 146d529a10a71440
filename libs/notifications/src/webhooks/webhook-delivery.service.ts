import { request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment, WebhookNotificationJob } from '@app/platform';
import { publicAddressLookup, refusedHost } from './webhook-address';
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

  async deliver(
    job: WebhookNotificationJob,
    finalAttempt: boolean,
    attempt: number,
  ): Promise<'delivered' | 'skipped' | 'not-committed'> {
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
      return 'not-committed'; // the fan-out that queued this job has not committed yet
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
    const status = await postJson(row.url, body, {
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      publicOnly: !this.env.webhooksMayReachPrivateNetworks,
      headers: {
        'user-agent': 'Recourse-Webhooks/1',
        [WEBHOOK_HEADERS.id]: row.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(row.secret, timestamp, body),
      },
    });
    if (status < 200 || status >= 300) throw new Error(`HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim());
  }
}

/**
 * One POST on a connection of its own: a kept-alive socket the receiver has just closed would
 * fail an attempt that never reached it. Redirects are not followed, so the signed body stays put.
 * `publicOnly`: a host that is not a public address is refused before any connection (an IP literal or
 * `localhost` here, a name once DNS answers), and the attempt fails with the reason.
 */
export function postJson(
  url: string,
  body: string,
  options: { timeoutMs: number; publicOnly: boolean; headers: Record<string, string> },
): Promise<number> {
  const { timeoutMs, publicOnly, headers } = options;
  return new Promise((resolve, reject) => {
    const refused = publicOnly ? refusedHost(url) : null;
    if (refused) return reject(new Error(`refused: ${refused} (WEBHOOK_ALLOW_PRIVATE_NETWORKS)`));
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        ...(publicOnly ? { lookup: publicAddressLookup } : {}),
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume(); // the answer's body is not needed, only its status
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
