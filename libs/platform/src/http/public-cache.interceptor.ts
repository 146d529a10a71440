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
import { etagOf, JSON_TYPE, readerHasIt } from './public-cache';

/**
 * A public read built per request, cached as public-cache.ts says. The answer is serialised here once,
 * for its ETag, and sent as that text (Fastify sends a string typed as JSON as it is).
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
        // A text answer (a signed checkpoint, say) goes as it is, with the type its route set.
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        if (readerHasIt(request, reply, etagOf(text), this.maxAgeSeconds)) {
          void reply.status(304);
          return undefined;
        }
        if (typeof body !== 'string') void reply.header('Content-Type', JSON_TYPE);
        return text;
      }),
    );
  }
}

/** Marks a read as public and cacheable (see PublicCacheInterceptor). */
export const PublicCache = (maxAgeSeconds = 30) =>
  applyDecorators(UseInterceptors(new PublicCacheInterceptor(maxAgeSeconds)));
