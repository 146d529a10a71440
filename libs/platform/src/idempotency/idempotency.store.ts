import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Problem } from '../problems/problem';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** A first request still unanswered after this long is taken to have died with its process. */
const ABANDONED_AFTER = '5 minutes';
/** Keys are remembered this long; later the same key starts afresh. */
const REMEMBERED_FOR = '24 hours';

/** What a claimed key says: go ahead, or here is the first response. */
export type IdempotencyClaim = { first: true } | { first: false; body: unknown };

/**
 * `Idempotency-Key` semantics (CONTRACT.md "Conventions"), per user: the same key and request give
 * back the first response; the same key with another request is 422; while the first is still
 * running, 409. A request that fails forgets its key, so the client may retry it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  static checkKey(key: string): void {
    if (!KEY.test(key)) {
      throw Problem.validation([{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]);
    }
  }

  static hash(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\n')).digest('base64url');
  }

  async claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    IdempotencyStore.checkKey(key);
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2
         AND (created_at < now() - interval '${REMEMBERED_FOR}'
              OR (response_status IS NULL AND created_at < now() - interval '${ABANDONED_AFTER}'))`,
      [userId, key],
    );
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [userId, key, requestHash],
    );
    if (inserted.length > 0) return { first: true };
    const [existing] = (await this.dataSource.query(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    )) as { requestHash: string; responseStatus: number | null; responseBody: unknown }[];
    if (existing && existing.requestHash !== requestHash) {
      throw new Problem({
        status: 422,
        type: 'idempotency-key-reused',
        detail: 'This Idempotency-Key was used with a different request; use a new key for a new request.',
        errors: [{ field: 'Idempotency-Key', message: 'was used with a different request' }],
      });
    }
    // Missing here means the first request failed between our two statements: a retry will do.
    if (!existing || existing.responseStatus === null) {
      throw new Problem({
        status: 409,
        type: 'idempotency-in-progress',
        detail: 'The first request with this Idempotency-Key is still being processed; retry shortly.',
        headers: { 'Retry-After': '1' },
      });
    }
    return { first: false, body: existing.responseBody };
  }

  async remember(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      'UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2',
      [userId, key, status, JSON.stringify(body ?? null)],
    );
  }

  async forget(userId: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]);
  }
}
