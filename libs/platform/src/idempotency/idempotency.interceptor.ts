import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { Problem } from '../problems/problem';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** A first request still unanswered after this long is taken to have died with its process. */
const ABANDONED_AFTER = '5 minutes';
/** Keys are remembered this long; later the same key starts afresh. */
const REMEMBERED_FOR = '24 hours';

interface Claim {
  inserted: boolean;
  requestHash: string;
  responseStatus: number | null;
  responseBody: unknown;
}

/**
 * `Idempotency-Key` on creating requests (CONTRACT.md "Conventions"): the same key and body return
 * the first response; the same key with another body is 422; while the first is still running, 409.
 * A request that fails leaves no key behind, so the client may retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: { id: string } }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY.test(key)) {
      throw Problem.validation([{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]);
    }
    const userId = request.user.id;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('base64url');
    const status: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(this.claim(userId, key, requestHash)).pipe(
      mergeMap((claim) => {
        if (!claim.inserted) return of(this.replay(claim, requestHash, http.getResponse<FastifyReply>()));
        return next.handle().pipe(
          mergeMap((body: unknown) => from(this.remember(userId, key, status, body)).pipe(mergeMap(() => of(body)))),
          catchError((error: unknown) => from(this.forget(userId, key)).pipe(mergeMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  private async claim(userId: string, key: string, requestHash: string): Promise<Claim> {
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
    if (inserted.length > 0) return { inserted: true, requestHash, responseStatus: null, responseBody: null };
    const [existing] = await this.dataSource.query(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    // Gone between the two statements (its first request failed): treat as in progress; a retry will do.
    return existing
      ? { inserted: false, ...existing }
      : { inserted: false, requestHash, responseStatus: null, responseBody: null };
  }

  private replay(claim: Claim, requestHash: string, reply: FastifyReply): unknown {
    if (claim.requestHash !== requestHash) {
      throw new Problem({
        status: 422,
        type: 'idempotency-key-reused',
        detail: 'This Idempotency-Key was used with a different request; use a new key for a new request.',
        errors: [{ field: 'Idempotency-Key', message: 'was used with a different request' }],
      });
    }
    if (claim.responseStatus === null) {
      throw new Problem({
        status: 409,
        type: 'idempotency-in-progress',
        detail: 'The first request with this Idempotency-Key is still being processed; retry shortly.',
        headers: { 'Retry-After': '1' },
      });
    }
    void reply.header('Idempotent-Replayed', 'true');
    return claim.responseBody;
  }

  private async remember(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      'UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2',
      [userId, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async forget(userId: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]);
  }
}
