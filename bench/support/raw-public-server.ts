import Fastify from 'fastify';
import { Pool } from 'pg';
import { publicSearchStatement, SUMMARY_COLUMNS, SummaryRow, summaryOf } from '@app/decisions/public/public-search.sql';
import { loadEnvironment } from '@app/platform/config/environment';

/**
 * The floor for the public record: plain Fastify and pg Pools the sizes of Recourse's (20 for the
 * documents, PUBLIC_SEARCH_CONNECTIONS for the searches, as PublicSearchPool), no plugins, no hooks, no
 * logger. `GET /decisions/:reference` sends the prepared document of the same row
 * (`SELECT document FROM public_records …`); `GET /decisions?q=…&limit=…` runs the search statement
 * PublicDecisionsService runs (built by the same publicSearchStatement, a module that loads nothing of
 * Nest) and answers the same page. Started by public.bench.ts with PORT and DATABASE_URL set; the bench
 * compares both bodies with Recourse's before measuring.
 */

const pool = new Pool({ connectionString: required('DATABASE_URL'), max: 20 });
const searchPool = new Pool({
  connectionString: required('DATABASE_URL'),
  max: loadEnvironment(process.env).PUBLIC_SEARCH_CONNECTIONS,
});
const app = Fastify({ logger: false });

app.get<{ Params: { reference: string } }>('/decisions/:reference', async (request, reply) => {
  const { rows } = await pool.query<{ document: string }>(
    `SELECT document FROM public_records WHERE kind = 'decision' AND reference = $1`,
    [request.params.reference.toUpperCase()],
  );
  if (rows.length === 0) return reply.code(404).send({ status: 404 });
  return reply.type('application/json; charset=utf-8').send(rows[0].document);
});

app.get<{ Querystring: { q?: string; limit?: string } }>('/decisions', async (request) => {
  const q = request.query.q ?? '';
  const limit = Number(request.query.limit ?? 50);
  const { text, values } = publicSearchStatement({ q }, SUMMARY_COLUMNS, limit + 1);
  const { rows } = await searchPool.query<SummaryRow>(text, values);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(summaryOf),
    nextCursor:
      rows.length > limit
        ? Buffer.from(JSON.stringify([new Date(last.published_at).toISOString(), last.id])).toString('base64url')
        : null,
  };
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((error: Error) => {
  process.stderr.write(`raw-public-server: ${error.message}\n`);
  process.exit(1);
});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`raw-public-server: ${name} is required`);
  return value;
}
