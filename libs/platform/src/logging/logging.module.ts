import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { Options } from 'pino-http';
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

/**
 * What a request's log lines say of it: the id, method and URL of the request and the status of the
 * response; no header, so no token, cookie or set-cookie ever reaches a log. (No redaction either:
 * pino-http serialises the request into a child logger for every request, logged or not, and
 * redacting there cost more than the serialising.)
 */
export function requestLogOptions(level: string): Options<IncomingMessage, ServerResponse> {
  return {
    level,
    genReqId: (req) => requestId(req),
    // Given the raw request and response: pino-http's own serialisers (which the wrapped ones would
    // receive) copy every header and look up the peer's address first.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: stdSerializers.err,
    },
  };
}

/** Structured JSON logs (pino). */
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
        pinoHttp: requestLogOptions(env.LOG_LEVEL),
      }),
    }),
  ],
})
export class LoggingModule {}
