import { Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/**
 * The TypeORM connection (database created if missing) and the transactional plugin:
 * a service method marked `@Transactional()` is one unit of work, and repositories reached
 * through `TransactionHost` join it.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: async (env: Environment) => {
        await ensureDatabase(env.DATABASE_URL);
        return { ...dataSourceOptions(env.DATABASE_URL), retryAttempts: 0 };
      },
    }),
    // Plugins only, no ClsModule.forRoot: that would add a global interceptor to every request,
    // and @Transactional opens its own context when none is active.
    {
      ...ClsModule.registerPlugins([
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        }),
      ]),
      global: true,
    },
  ],
})
export class DatabaseModule {}
