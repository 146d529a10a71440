import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Environment } from '../config/environment';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives each request an id: the caller's `X-Request-Id` when it is sane, else a new UUID.
 * Fastify calls this with the raw request before any hook runs; keeping the id on the raw request
 * lets pino-http, which also sees the raw request, log the same id.
 */
export function requestId(req: IncomingMessage): string {
  const raw = req as IncomingMessage & { id?: string };
  if (raw.id) return raw.id;
  const given = req.headers['x-request-id'];
  raw.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return raw.id;
}

/** Structured JSON logs (pino); secrets in headers never reach them. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        // The API and the dashboard; probes (/health) hit constantly and get no per-request logger.
        forRoutes: [
          { method: RequestMethod.ALL, path: 'api/*path' },
          { method: RequestMethod.ALL, path: 'admin/*path' },
        ],
        pinoHttp: {
          level: env.LOG_LEVEL,
          genReqId: (req) => requestId(req),
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
