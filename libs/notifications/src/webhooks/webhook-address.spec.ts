import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isPublicAddress, publicAddressLookup, refusedHost } from './webhook-address';
import { postJson } from './webhook-delivery.service';

describe('webhook addresses', () => {
  it.each([
    ['8.8.8.8', true],
    ['203.113.128.9', true],
    ['2001:4860:4860::8888', true],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.10', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false], // carrier-grade NAT
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false], // v4 mapped into v6
    ['::ffff:7f00:1', false],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a00:7', false], // NAT64 of 10.0.0.7: what DNS64 answers for a private A record
    ['64:ff9b::10.0.0.7', false],
    ['64:ff9b::808:808', true], // NAT64 of 8.8.8.8
    ['64:ff9b:1::1', false],
    ['::ffff:0:10.0.0.7', false], // SIIT
    ['2002:a9fe:a9fe::1', false], // 6to4 of 169.254.169.254
    ['2002:808:808::1', true],
    ['::7f00:1', false], // IPv4-compatible 127.0.0.1
    ['fec0::1', false],
    ['100::1', false],
    ['fe80::1%eth0', false],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['http://localhost:8080/hook', 'localhost is this host'],
    ['http://api.localhost/hook', 'api.localhost is this host'],
    ['http://127.0.0.1/hook', '127.0.0.1 is a private or local address'],
    ['http://127.1/hook', '127.0.0.1 is a private or local address'], // the URL parser's spelling
    ['http://2130706433/hook', '127.0.0.1 is a private or local address'],
    ['http://[::1]:9000/hook', '::1 is a private or local address'],
    ['https://10.0.0.7/hook', '10.0.0.7 is a private or local address'],
    ['https://party.example.org/hook', null],
    ['https://8.8.8.8/hook', null],
    ['http://[64:ff9b::a00:7]/hook', '64:ff9b::a00:7 is a private or local address'],
  ])('%s is refused before DNS: %s', (url, reason) => {
    expect(refusedHost(url)).toBe(reason);
  });

  it('a name that resolves to this host is refused by the lookup, naming the address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicAddressLookup('localhost', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('EWEBHOOKADDRESS');
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private or local address/);
  });

  it('a public address passes the lookup, in the shape the caller asked for', async () => {
    const one = await new Promise<unknown[]>((resolve) =>
      publicAddressLookup('8.8.8.8', {}, (...args) => resolve(args)),
    );
    expect(one).toEqual([null, '8.8.8.8', 4]);
    const all = await new Promise<unknown[]>((resolve) =>
      publicAddressLookup('8.8.8.8', { all: true }, (...args) => resolve(args)),
    );
    expect(all).toEqual([null, [{ address: '8.8.8.8', family: 4 }]]);
  });

  describe('a delivery to a receiver on this host', () => {
    let server: Server;
    let received = 0;
    let port: number;

    beforeAll(async () => {
      server = createServer((req, res) => {
        received += 1;
        req.resume();
        req.on('end', () => res.writeHead(204).end());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const send = (url: string, publicOnly: boolean) =>
      postJson(url, '{"id":"x"}', { timeoutMs: 2_000, publicOnly, headers: {} });

    it('is refused before connecting when only public addresses may be reached', async () => {
      await expect(send(`http://127.0.0.1:${port}/hook`, true)).rejects.toThrow(
        'refused: 127.0.0.1 is a private or local address (WEBHOOK_ALLOW_PRIVATE_NETWORKS)',
      );
      await expect(send(`http://localhost:${port}/hook`, true)).rejects.toThrow('refused: localhost is this host');
      expect(received).toBe(0);
    });

    it('goes out when private networks are allowed', async () => {
      expect(await send(`http://127.0.0.1:${port}/hook`, false)).toBe(204);
      expect(received).toBe(1);
    });
  });
});
