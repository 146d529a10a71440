import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { defaultTitle, Problem, PROBLEM_TYPES, ProblemBody, problemTypeUri } from './problem';

/** Fastify's own request errors, raised before a route runs, and what they mean to a client. */
const FASTIFY_ERRORS: Record<string, { status: number; type: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, type: 'malformed-json', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, type: 'malformed-json', detail: 'The JSON body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, type: 'payload-too-large', detail: 'The body exceeds the size limit.' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, type: 'payload-too-large', detail: 'The file exceeds the size limit.' },
  FST_FILES_LIMIT: { status: 413, type: 'payload-too-large', detail: 'Too many files in one request.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    type: 'unsupported-media-type',
    detail: 'This content type is not accepted here.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, type: 'bad-request', detail: 'The Content-Length is wrong.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    type: 'unsupported-media-type',
    detail: 'The request is not multipart/form-data.',
  },
};

/** PostgreSQL's "invalid text representation", "invalid datetime", "out of range" and the like. */
const INVALID_INPUT_CODES = new Set(['22P02', '22007', '22008', '22003', '22001']);

/** Errors that mean PostgreSQL cannot be reached right now: the client should retry later. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
  '53300',
]);

/**
 * Every error leaves the API as RFC 9457 problem+json with a stable `type`. Unknown errors are
 * logged with the request id and answered as a plain 500 that leaks nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { body, headers } = this.toProblem(exception, request);
    // The throttler has already said how long to wait; keep its exact figure.
    if (reply.hasHeader('retry-after')) delete headers['Retry-After'];
    if (body.status >= 500 && body.status !== 503) {
      // A query error's parameters may hold hashes or personal data: log what it was, not its values.
      const err =
        exception instanceof QueryFailedError || exception instanceof DatabaseError
          ? { message: exception.message, code: sqlStateOf(exception) }
          : exception;
      this.logger.error({ err, requestId: body.requestId }, 'Unhandled error');
    }
    void reply
      .status(body.status)
      .headers({ ...headers, 'content-type': 'application/problem+json; charset=utf-8' })
      .send(body);
  }

  toProblem(exception: unknown, request?: FastifyRequest): { body: ProblemBody; headers: Record<string, string> } {
    const context = { instance: request?.url?.split('?')[0], requestId: request ? String(request.id) : undefined };
    if (exception instanceof Problem) {
      return { body: { ...exception.toBody(), ...context }, headers: exception.headers };
    }
    if (exception instanceof ThrottlerException) {
      return {
        body: this.generic(429, 'Too many attempts; wait a minute before trying again.', context),
        headers: { 'Retry-After': '60' },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { body: this.generic(status, httpDetail(exception), context), headers: {} };
    }
    const fastify = fastifyError(exception);
    if (fastify) {
      const known = FASTIFY_ERRORS[fastify.code];
      if (known) {
        return {
          body: { ...this.generic(known.status, known.detail, context), type: problemTypeUri(known.type) },
          headers: {},
        };
      }
      if (fastify.statusCode >= 400 && fastify.statusCode < 500) {
        return { body: this.generic(fastify.statusCode, fastify.message, context), headers: {} };
      }
    }
    const sqlState = sqlStateOf(exception);
    if (sqlState === '23505') {
      // Two requests raced to create the same thing; the loser learns it exists.
      return {
        body: this.generic(409, 'This already exists (created by a concurrent request).', context),
        headers: {},
      };
    }
    if (sqlState && INVALID_INPUT_CODES.has(sqlState)) {
      // A value that passed validation but not PostgreSQL's parsing (a forged cursor, say).
      return { body: this.generic(400, 'A value in the request is not valid.', context), headers: {} };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        body: this.generic(503, 'The database is unreachable; try again shortly.', context),
        headers: { 'Retry-After': '5' },
      };
    }
    return { body: this.generic(500, 'An unexpected error occurred.', context), headers: {} };
  }

  private generic(status: number, detail: string, context: Partial<ProblemBody>): ProblemBody {
    const slug =
      PROBLEM_TYPES[status as keyof typeof PROBLEM_TYPES] ?? (status >= 500 ? 'server-error' : 'request-error');
    return { type: problemTypeUri(slug), title: defaultTitle(status), status, detail, ...context };
  }
}

function httpDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * A PostgreSQL error's SQLSTATE: wrapped by TypeORM (queries through its query runner), or pg's own
 * (the public reads on plain pools). Its parameters never come along.
 */
function sqlStateOf(exception: unknown): string | undefined {
  if (exception instanceof QueryFailedError) return (exception.driverError as { code?: string }).code;
  if (exception instanceof DatabaseError) return exception.code;
  return undefined;
}

function fastifyError(exception: unknown): { code: string; statusCode: number; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { code, statusCode, message } = exception as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code === 'string' && code.startsWith('FST_')) {
    return { code, statusCode: typeof statusCode === 'number' ? statusCode : 500, message: String(message ?? '') };
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { code: '', statusCode, message: String(message ?? '') };
  }
  return undefined;
}

function isDatabaseUnavailable(exception: unknown): boolean {
  const candidates = [exception, exception instanceof QueryFailedError ? exception.driverError : undefined];
  return candidates.some((e) => {
    if (typeof e !== 'object' || e === null) return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    return (
      (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
      (typeof message === 'string' &&
        /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(message))
    );
  });
}
