import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { requestLogOptions } from './logging.module';

/** The request log as the api writes it, over a real HTTP exchange. */
describe('request log lines', () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const log = pinoHttp(requestLogOptions('info'), sink);
    server = createServer((req, res) => {
      log(req, res);
      if (req.url === '/fails') {
        res.statusCode = 500;
        res.end();
        return;
      }
      res.setHeader('Set-Cookie', 'refresh=SECRET-COOKIE-OUT');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      request(
        {
          port,
          host: '127.0.0.1',
          path,
          headers: {
            Authorization: 'Bearer SECRET-TOKEN',
            Cookie: 'refresh=SECRET-COOKIE-IN',
            'X-Request-Id': 'req-1',
          },
        },
        (res) => res.resume().on('end', resolve),
      )
        .on('error', reject)
        .end();
    });

  it('names the request and its answer, and never a header', async () => {
    await get('/api/v1/me?x=1');
    await get('/fails');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      req: { id: 'req-1', method: 'GET', url: '/api/v1/me?x=1' },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(lines[1]).toMatchObject({ res: { statusCode: 500 }, err: { message: 'failed with status code 500' } });
    expect(JSON.stringify(lines)).not.toMatch(/SECRET|authorization|cookie/i);
  });
});
