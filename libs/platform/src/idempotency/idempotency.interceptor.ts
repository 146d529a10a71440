import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { IdempotencyStore } from './idempotency.store';

/** Applies IdempotencyStore to a JSON creating route: the request is its method, path and body. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: { id: string } }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    const userId = request.user.id;
    const requestHash = IdempotencyStore.hash(request.method, request.url, JSON.stringify(request.body ?? null));
    const status: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(this.store.claim(userId, key, requestHash)).pipe(
      mergeMap((claim) => {
        if (!claim.first) {
          void http.getResponse<FastifyReply>().header('Idempotent-Replayed', 'true');
          return of(claim.body);
        }
        // Only the handler's failure forgets the key; once it has succeeded, its record exists.
        return next.handle().pipe(
          catchError((error: unknown) =>
            from(this.store.forget(userId, key)).pipe(mergeMap(() => throwError(() => error))),
          ),
          mergeMap((body: unknown) =>
            from(this.store.remember(userId, key, status, body)).pipe(mergeMap(() => of(body))),
          ),
        );
      }),
    );
  }
}
