import { createSecretKey } from 'node:crypto';
import Fastify from 'fastify';
import { verify } from 'jsonwebtoken';
import { Pool } from 'pg';

/**
 * The fair floor for GET /api/v1/auth/me: the same work by hand. Verify the HS256 bearer token with
 * jsonwebtoken (what passport-jwt uses underneath), read the user row by id with a pg Pool the size of
 * Recourse's, refuse inactive users and stale token versions, answer the same body.
 * Started by http.bench.ts with PORT, DATABASE_URL and JWT_SECRET set.
 */

// Must match libs/identity/src/auth/jwt.strategy.ts; the bench compares both bodies before measuring.
const ISSUER = 'recourse';
const AUDIENCE = 'recourse-api';

interface Claims {
  sub: string;
  tv: number;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  party_code: string | null;
  organisation: string | null;
  jurisdiction: string | null;
  active: boolean;
  token_version: number;
}

// A KeyObject made once, as a careful hand-written server would: given a string, jsonwebtoken 9 first
// tries to parse it as a PEM public key on every verify (~0.5 ms here), which is not the work being compared.
const secret = createSecretKey(Buffer.from(required('JWT_SECRET')));
const pool = new Pool({ connectionString: required('DATABASE_URL'), max: 20 });
const app = Fastify({ logger: false });

app.get('/me', async (request, reply) => {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  let claims: Claims;
  try {
    if (scheme !== 'Bearer' || !token) throw new Error('no bearer token');
    claims = verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE }) as Claims;
  } catch {
    return reply.code(401).send({ status: 401 });
  }
  const { rows } = await pool.query<UserRow>(
    `SELECT id, username, display_name, role, party_code, organisation, jurisdiction, active, token_version
       FROM users WHERE id = $1`,
    [claims.sub],
  );
  const user = rows[0];
  if (!user || !user.active || user.token_version !== claims.tv) return reply.code(401).send({ status: 401 });
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    ...(user.party_code ? { partyCode: user.party_code } : {}),
    ...(user.organisation ? { organisation: user.organisation } : {}),
    ...(user.jurisdiction ? { jurisdiction: user.jurisdiction } : {}),
  };
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((error: Error) => {
  process.stderr.write(`raw-me-server: ${error.message}\n`);
  process.exit(1);
});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`raw-me-server: ${name} is required`);
  return value;
}
