import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * How every public read is cached: a strong ETag of its body and `Cache-Control: public`, and 304 to a
 * matching `If-None-Match`, so that an HTTP cache or CDN in front can absorb a burst of readers. Used by
 * PublicCacheInterceptor (answers built per request) and by the routes that send prepared documents.
 * Loads nothing of Nest, so that the benchmarks compute the same ETags.
 */

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The strong ETag of a body: a prefix of its SHA-256 (stored with each published document). */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Sets the answer's ETag and Cache-Control; true when the reader's If-None-Match already names it. */
export function readerHasIt(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  maxAgeSeconds: number,
): boolean {
  void reply.header('ETag', etag).header('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  const match = request.headers['if-none-match'];
  return !!match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Sends a prepared body with its ETag and Cache-Control, or 304 when the reader already has it. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  options: { type?: string; etag?: string; maxAgeSeconds?: number } = {},
): void {
  const { type = JSON_TYPE, etag = etagOf(body), maxAgeSeconds = 60 } = options;
  if (readerHasIt(request, reply, etag, maxAgeSeconds)) {
    void reply.status(304).send();
    return;
  }
  void reply.header('Content-Type', type).send(body);
}
