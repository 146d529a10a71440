import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '@app/notifications';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  /** Whether the signature checked out under the secret the receiver was told. */
  verified: boolean;
  /** The status the receiver answered. */
  answered: number;
}

/**
 * A party system: verifies each POST's signature as the README tells party systems to, and
 * answers 503 to the first `failFirst` requests of a path (or to all, with `Infinity`).
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly failures = new Map<string, number>();
  private server?: Server;
  port = 0;

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** What `path` answers: its secret, and how many requests it fails first. */
  configure(path: string, options: { secret?: string; failFirst?: number }): void {
    if (options.secret !== undefined) this.secrets.set(path, options.secret);
    if (options.failFirst !== undefined) this.failures.set(path, options.failFirst);
  }

  at(path: string): ReceivedHook[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const header = (name: string) => [req.headers[name]].flat()[0];
        const verified = verifyWebhookSignature(
          this.secrets.get(path) ?? '',
          { timestamp: header(WEBHOOK_HEADERS.timestamp), signature: header(WEBHOOK_HEADERS.signature) },
          body,
        );
        const failuresLeft = this.failures.get(path) ?? 0;
        const answered = !verified ? 401 : failuresLeft > 0 ? 503 : 204;
        if (failuresLeft > 0) this.failures.set(path, failuresLeft - 1);
        this.received.push({ path, headers: req.headers, body, json: JSON.parse(body || '{}'), verified, answered });
        res.statusCode = answered;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
