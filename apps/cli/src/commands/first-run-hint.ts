import { Client } from 'pg';
import { Environment } from '@app/platform';

/** What a newcomer needs after `npm start`: where the system is, and how to get a first admin. */
export async function firstRunHint(env: Environment): Promise<string> {
  const base = `http://localhost:${env.PORT}`;
  const lines = [`Recourse: API ${base}/api/v1, OpenAPI ${base}/api/docs, queues ${base}/admin/queues`];
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active",
    );
    lines.push('Load the synthetic demo election with: npm run cli -- seed:demo');
    if (rows[0].n === 0) {
      lines.push(
        'No admin account yet. Create one with:',
        '  npm run cli -- user:create --username admin --password <at least 10 characters> --role admin',
      );
    }
  } finally {
    await client.end();
  }
  return lines.join('\n');
}
