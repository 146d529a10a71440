import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule, QueuesModule } from '@app/platform';
import { IdentityModule, JwtAuthGuard, RolesGuard } from '@app/identity';
import { ElectionsModule } from '@app/elections';
import { ResultsModule } from '@app/results';
import { CasesModule } from '@app/cases';
import { NotificationsModule } from '@app/notifications';
import { DecisionsModule } from '@app/decisions';
import { TransparencyModule } from '@app/transparency';
import { HealthModule } from './health/health.module';

/** The HTTP process: every feature module's controllers behind one authentication guard. */
@Module({
  imports: [
    PlatformModule,
    QueuesModule.forProducers(),
    IdentityModule,
    ElectionsModule,
    ResultsModule,
    CasesModule,
    NotificationsModule,
    DecisionsModule,
    TransparencyModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    { provide: APP_GUARD, useExisting: RolesGuard },
  ],
})
export class AppModule {}
