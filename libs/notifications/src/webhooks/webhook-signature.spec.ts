import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec-test-secret';
  const body = '{"id":"d1","title":"ការជូនដំណឹង"}';
  const now = 1_800_000_000;

  it('is sha256= and the hex HMAC-SHA256 of "timestamp.body"', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(secret, now, body)).toBe(`sha256=${expected}`);
  });

  it('verifies a signature made with the same secret, timestamp and body', () => {
    const signature = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, { timestamp: String(now), signature }, body, { now })).toBe(true);
  });

  it.each([
    ['another secret', 'other-secret', body, now],
    ['an altered body', secret, body.replace('d1', 'd2'), now],
    ['a timestamp older than the tolerance', secret, body, now + 301],
  ])('refuses %s', (_, verifyWith, receivedBody, at) => {
    const signature = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(verifyWith, { timestamp: String(now), signature }, receivedBody, { now: at })).toBe(
      false,
    );
  });

  it('refuses missing or malformed headers', () => {
    expect(verifyWebhookSignature(secret, { timestamp: undefined, signature: 'x' }, body)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: String(now), signature: undefined }, body, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: String(now), signature: 'sha256=00' }, body, { now })).toBe(
      false,
    );
  });
});
