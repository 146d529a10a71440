import { createHash } from 'node:crypto';
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';

/**
 * Public reads carry a strong ETag of their body and `Cache-Control: public`, and answer 304 to a
 * matching `If-None-Match`: an HTTP cache or CDN in front can absorb a burst of readers.
 */
@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  constructor(private readonly maxAgeSeconds = 30) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
        void reply.header('ETag', etag).header('Cache-Control', `public, max-age=${this.maxAgeSeconds}`);
        const match = request.headers['if-none-match'];
        if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
          void reply.status(304);
          return undefined;
        }
        return body;
      }),
    );
  }
}

/** Marks a read as public and cacheable (see PublicCacheInterceptor). */
export const PublicCache = (maxAgeSeconds = 30) =>
  applyDecorators(UseInterceptors(new PublicCacheInterceptor(maxAgeSeconds)));
