import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Environment } from '@app/platform';
import { CreateUserDto, UsersService } from '@app/identity';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, createHttpAdapter } from '../../apps/api/src/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { TEST_REDIS_URL } from './services';
import { createTestDatabase, dropTestDatabase } from './test-database';

export interface TestEnvironment {
  DATABASE_URL: string;
  REDIS_URL: string;
  REDIS_PREFIX: string;
  [name: string]: string;
}

/**
 * Everything one e2e file needs: its own database (cloned from the migrated template), its own
 * Redis key prefix, and the environment the app reads at start-up.
 */
export async function createTestEnvironment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
  const env: TestEnvironment = {
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_MS: '50',
    NODE_ENV: 'test',
    ...overrides,
  };
  return env;
}

export async function destroyTestEnvironment(env: TestEnvironment | undefined): Promise<void> {
  if (env) await dropTestDatabase(env.DATABASE_URL);
}

/** Applies the environment for the modules about to be built (they read it once, at creation). */
function applyEnvironment(env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
}

export interface TestApi {
  app: NestFastifyApplication;
  http: TestAgent;
  close(): Promise<void>;
}

/** The real API, configured exactly as main.ts does, listening on no port (supertest injects). */
export async function startApi(env: TestEnvironment): Promise<TestApi> {
  applyEnvironment(env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(moduleRef.get(Environment)), {
    logger: false,
    bodyParser: false,
  });
  try {
    await configureApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app.close().catch(() => undefined); // a half-started app would keep Jest alive
    throw error;
  }
  return { app, http: request(app.getHttpServer()), close: () => app.close() };
}

/** The real worker process's module: outbox relay and queue processors. */
export async function startWorker(
  env: TestEnvironment,
  customise?: (ctx: INestApplicationContext) => void,
): Promise<INestApplicationContext> {
  applyEnvironment(env);
  const app = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
  app.useLogger(false);
  customise?.(app);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

export const PASSWORD = 'correct-horse-battery';

/** Creates an account through the service (as the CLI does) and signs in over HTTP. */
export async function signIn(
  api: TestApi,
  user: Partial<CreateUserDto> & Pick<CreateUserDto, 'role'>,
): Promise<{ id: string; username: string; accessToken: string; refreshToken: string }> {
  const username = user.username ?? `${user.role.replace('_', '-')}-${randomBytes(3).toString('hex')}`;
  const created = await api.app.get(UsersService).create({
    password: PASSWORD,
    ...(user.role === 'party_agent' ? { partyCode: 'CNRP' } : {}),
    ...(user.role === 'observer' ? { organisation: 'Situation Room' } : {}),
    ...user,
    username,
  } as CreateUserDto);
  const res = await api.http.post('/api/v1/auth/login').send({ username, password: user.password ?? PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: created.id, username, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
