import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook POST; README "Webhooks" tells party systems how to check them. */
export const WEBHOOK_HEADERS = {
  id: 'recourse-webhook-id',
  timestamp: 'recourse-webhook-timestamp',
  signature: 'recourse-webhook-signature',
} as const;

/** `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the subscription's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature over the exact bytes received and compare in
 * constant time; refuse timestamps too far from now, so a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
