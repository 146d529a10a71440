import type { FastifyInstance } from 'fastify';
import { Problem } from '@app/platform';

/**
 * Fastify's own JSON parser (with its prototype-poisoning guards), but a body that does not parse
 * becomes a `malformed-json` problem that says where it broke, instead of a generic 400.
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parse(request, body as string, (error: Error | null, value?: unknown) => {
      if (!error) return done(null, value);
      done(
        new Problem({
          status: 400,
          type: 'malformed-json',
          title: 'Malformed JSON',
          detail: `The body is not valid JSON: ${error.message}`,
        }),
        undefined,
      );
    });
  });
}
