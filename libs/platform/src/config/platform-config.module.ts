import { Global, Module } from '@nestjs/common';
import { Environment, loadEnvironment } from './environment';

/** Makes the validated {@link Environment} injectable everywhere by its class. */
@Global()
@Module({
  providers: [{ provide: Environment, useFactory: () => loadEnvironment() }],
  exports: [Environment],
})
export class PlatformConfigModule {}
