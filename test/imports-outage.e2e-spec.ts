import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { communeElection, STATIONS } from './support/import-fixtures';
import { finished, report, upload } from './support/imports';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  startWorker,
  TestApi,
  TestEnvironment,
} from './support/test-app';
import { TcpProxy } from './support/tcp-proxy';
import { sleep } from './support/wait-for';

describe('imports while Redis is unreachable', () => {
  const proxy = new TcpProxy(6379);
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let storage: string;

  beforeAll(async () => {
    await proxy.start();
    storage = await mkdtemp(join(tmpdir(), 'recourse-outage-imports-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage, IMPORT_MAX_BYTES: '10000000' });
    // Every process of this system reaches Redis through the proxy, so the test can cut it off.
    api = await startApi({ ...env, REDIS_URL: proxy.url });
    worker = await startWorker({ ...env, REDIS_URL: proxy.url });
  });

  afterAll(async () => {
    await proxy.start().catch(() => undefined); // a stopped proxy would keep the worker retrying
    await worker?.close();
    await api?.close();
    await proxy.stop();
    await destroyTestEnvironment(env);
    await rm(storage, { recursive: true, force: true });
  });

  it('an upload is accepted while Redis is down and imported once it returns', async () => {
    const token = (await signIn(api, { role: 'admin' })).accessToken;
    await api.http.post('/api/v1/elections').set(bearer(token)).send(communeElection('KH-2017-OUT')).expect(201);
    await proxy.stop();

    const res = await upload(api, 'KH-2017-OUT', STATIONS, { kind: 'stations', token });
    expect(res.status).toBe(202);
    await sleep(1_500);
    expect((await report(api, res.body.id, token)).status).toBe('queued');

    await proxy.start();
    expect(await finished(api, res.body.id, token, 30_000)).toMatchObject({
      status: 'succeeded',
      rowsAccepted: 15,
      rowsChanged: 15,
    });
  }, 60_000);
});
