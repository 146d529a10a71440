import Fastify from 'fastify';

/**
 * The floor for /health/live: plain Fastify (the version Recourse uses), no plugins, no hooks, no logger.
 * Started by http.bench.ts with PORT set.
 */
const app = Fastify({ logger: false });

app.get('/live', async () => ({ status: 'ok' }));

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((error: Error) => {
  process.stderr.write(`raw-live-server: ${error.message}\n`);
  process.exit(1);
});
