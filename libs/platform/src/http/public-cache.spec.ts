import Fastify from 'fastify';
import { etagOf, sendCached } from './public-cache';

describe('sendCached', () => {
  const app = Fastify();
  app.get('/doc', (request, reply) => sendCached(request, reply, '{"a":1}'));
  app.get('/feed', (request, reply) =>
    sendCached(request, reply, '<feed/>', { type: 'application/atom+xml', etag: '"stored"', maxAgeSeconds: 5 }),
  );
  afterAll(() => app.close());

  it('sends the body with its strong ETag and public Cache-Control', async () => {
    const res = await app.inject({ url: '/doc' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"a":1}');
    expect(res.headers).toMatchObject({
      etag: etagOf('{"a":1}'),
      'cache-control': 'public, max-age=60',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(etagOf('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf('{"a":2}')).not.toBe(etagOf('{"a":1}'));
  });

  it('answers 304 without a body when If-None-Match names the ETag, weak or among others', async () => {
    const etag = etagOf('{"a":1}');
    for (const match of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const res = await app.inject({ url: '/doc', headers: { 'if-none-match': match } });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
    }
    expect((await app.inject({ url: '/doc', headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
  });

  it('takes a stored ETag, another type and another max-age', async () => {
    const res = await app.inject({ url: '/feed' });
    expect(res.headers).toMatchObject({ etag: '"stored"', 'cache-control': 'public, max-age=5' });
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect((await app.inject({ url: '/feed', headers: { 'if-none-match': '"stored"' } })).statusCode).toBe(304);
  });
});
