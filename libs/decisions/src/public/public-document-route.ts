import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendCached } from '@app/platform';
import { PublicDecisionsService } from './public-decisions.service';

/** The Nest route of a published decision (PublicDecisionsController.detail), as Fastify names it. */
export const DECISION_DOCUMENT_ROUTE = '/api/v1/public/decisions/:reference';

type RequestHook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void;

/**
 * Answers GET /api/v1/public/decisions/{reference} before Nest sees the request: the document was
 * prepared when it was published and never changes, so the read is one indexed row sent as stored,
 * with its stored ETag. It must run ahead of Nest's middleware (middie, and in it the per-request
 * logger), which NestFactory.create installs as an onRequest hook before configureApp runs: so it is
 * installed in the adapter's own first hook (FastifyAdapter.setOnRequestHook), not with addHook.
 * Fastify has routed the request by then, so the route is recognised by its pattern, not by parsing
 * the URL. Whatever this does not answer (no such record, a record not yet in the log, a database
 * error) continues to the Nest route, which answers exactly as before (404 problem, 503, …) and stays
 * in the OpenAPI document.
 */
export function publishedDocumentHook(decisions: PublicDecisionsService): RequestHook {
  return (request, reply, done) => {
    if (request.method !== 'GET' || request.routeOptions.url !== DECISION_DOCUMENT_ROUTE) return done();
    const { reference } = request.params as { reference: string };
    decisions.preparedDocument('decision', reference).then(
      (document) => {
        if (document === null) return done();
        sendCached(request, reply, document.body, { etag: document.etag });
      },
      () => done(),
    );
  };
}
