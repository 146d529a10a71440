import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Pool, QueryResultRow } from 'pg';
import { DATABASE_CONNECT_TIMEOUT_MS, Environment } from '@app/platform';

/**
 * The public search's own connections (PUBLIC_SEARCH_CONNECTIONS, 4 by default): a bulkhead. A search
 * costs PostgreSQL tens of milliseconds of CPU, and anyone may send as many as they like; on the
 * shared pool a burst of them would hold all of its connections, and officers' requests would queue
 * behind the public's. It also bounds how many searches PostgreSQL runs at once: beyond about twice
 * the database's cores more of them only share the same CPU, and every runnable backend takes turns
 * with the api process itself, whose answers then wait for a core (measured in `npm run bench --
 * public`: with 20 searches in PostgreSQL at once on two cores, the api's slowest answers took 2 to 6
 * times as long as the median; with 4, no more than a plain Fastify server's). Searches beyond it
 * wait here, in arrival order.
 */
@Injectable()
export class PublicSearchPool implements OnModuleDestroy {
  private readonly logger = new Logger(PublicSearchPool.name);
  private readonly pool: Pool;

  constructor(env: Environment) {
    this.pool = new Pool({
      connectionString: env.DATABASE_URL,
      max: env.PUBLIC_SEARCH_CONNECTIONS,
      connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS,
      application_name: 'recourse-public-search',
    });
    // An idle connection that the server drops (a restart, an outage) is replaced on next use; unheard, it would end the process.
    this.pool.on('error', (error) => this.logger.warn(`A public search connection was lost: ${error.message}`));
  }

  async query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(text, values)).rows;
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.end();
  }
}
