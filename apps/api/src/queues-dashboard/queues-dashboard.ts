import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ALL_QUEUES, Environment, ProblemDetailsFilter, Problem } from '@app/platform';
import {
  ACCESS_TOKEN_CHECKS,
  AccessTokenClaims,
  JwtStrategy,
  PasswordHasher,
  RedisThrottlerStorage,
  User,
} from '@app/identity';

export const QUEUES_DASHBOARD_PATH = '/admin/queues';
const BASIC_CACHE_MS = 60_000;

/**
 * bull-board under /admin/queues, for active admins only. API clients send their bearer token;
 * a browser is asked for an admin's username and password (HTTP Basic), checked once a minute.
 */
export async function mountQueuesDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new BullBoardFastifyAdapter();
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Recourse queues' } },
  });
  board.setBasePath(QUEUES_DASHBOARD_PATH);

  const isAdmin = adminCheck(app);
  const filter = new ProblemDetailsFilter();
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (await isAdmin(request.headers.authorization, request.ip)) return;
      const problem = request.headers.authorization
        ? Problem.forbidden('The queue dashboard is for active admins.')
        : new Problem({ status: 401, detail: 'Sign in as an admin to see the queues.' });
      const { body } = filter.toProblem(problem, request);
      return reply
        .status(body.status)
        .header('WWW-Authenticate', 'Basic realm="Recourse queues", charset="UTF-8"')
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(body);
    });
    await scope.register(board.registerPlugin() as never, { prefix: QUEUES_DASHBOARD_PATH });
  });
}

function adminCheck(app: NestFastifyApplication): (authorization: string | undefined, ip: string) => Promise<boolean> {
  const env = app.get(Environment);
  const jwt = app.get(JwtService);
  const passwords = app.get(PasswordHasher);
  const sessions = app.get(JwtStrategy);
  const throttle = app.get(RedisThrottlerStorage);
  const users = app.get<DataSource>(getDataSourceToken()).getRepository(User);
  const basicVerified = new Map<string, number>();

  return async (authorization, ip) => {
    if (!authorization) return false;
    const [scheme, credentials = ''] = authorization.split(' ', 2);
    if (scheme === 'Bearer') {
      try {
        const claims = await jwt.verifyAsync<AccessTokenClaims>(credentials, {
          secret: env.jwtKey as unknown as Buffer,
          ...ACCESS_TOKEN_CHECKS,
        });
        // The same checks as every API call: active account, token issued since the last password change.
        return (await sessions.validate(claims)).role === 'admin';
      } catch {
        return false;
      }
    }
    if (scheme === 'Basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) return false;
      // The account is read on every request, so deactivation or a new password counts at once;
      // only the argon2 verification of an unchanged password is remembered for a minute.
      const user = await users.findOneBy({ username: decoded.slice(0, colon).toLowerCase() });
      if (!user || !user.active || user.role !== 'admin') return false;
      const key = createHash('sha256').update(`${user.passwordHash}\n${credentials}`).digest('base64');
      if ((basicVerified.get(key) ?? 0) > Date.now()) return true;
      // Password guesses here count against the same limit as logins.
      const limit = env.LOGIN_RATE_LIMIT_PER_MINUTE;
      const attempts = await throttle.increment(`dashboard:${ip}:${user.username}`, 60_000, limit, 0, 'default');
      if (attempts.isBlocked) return false;
      const ok = await passwords.verify(user.passwordHash, decoded.slice(colon + 1));
      if (ok) {
        for (const [cached, until] of basicVerified) if (until <= Date.now()) basicVerified.delete(cached);
        basicVerified.set(key, Date.now() + BASIC_CACHE_MS);
      }
      return ok;
    }
    return false;
  };
}
