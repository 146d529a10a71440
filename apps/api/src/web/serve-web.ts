import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Paths that belong to the API and the operators' tools: never answered with the web app. */
const NOT_THE_WEB_APP = /^\/(api|health|admin)(\/|$|\?)/;

/**
 * Where `vite build` put the web app: dist/web beside the compiled api (dist/apps/api/src/web →
 * dist/web), or, when the api runs from its TypeScript sources (tests, the CLI), dist/web under the
 * working directory.
 */
export function webRoot(): string | undefined {
  const candidates = [resolve(__dirname, '../../../../web'), join(process.cwd(), 'dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Serves the web app (apps/web, built into dist/web) at `/`: hashed assets under `/assets/`
 * (cached for a year), and index.html for every other GET that is not the API's, so that the
 * browser's router can take deep links. Unknown `/api/…` routes still reach the 404 problem+json.
 * Without a build the API runs alone.
 */
export async function serveWeb(app: NestFastifyApplication): Promise<void> {
  const root = webRoot();
  if (!root) return;
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic as never, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
  });
  const index = readFileSync(join(root, 'index.html'));
  const sendIndex = (
    request: { method: string; url: string },
    reply: {
      callNotFound(): void;
      header(k: string, v: string): unknown;
      type(t: string): unknown;
      send(b: Buffer): unknown;
    },
  ) => {
    if (NOT_THE_WEB_APP.test(request.url) || /\.[a-z0-9]{1,8}(\?|$)/i.test(request.url.split('#')[0])) {
      reply.callNotFound();
      return;
    }
    reply.header('cache-control', 'no-cache');
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'",
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.type('text/html; charset=utf-8');
    return reply.send(index);
  };
  fastify.get('/', (request, reply) => sendIndex(request, reply));
  fastify.get('/*', (request, reply) => sendIndex(request, reply));
}
