import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';

/** The hash-chained audit trail. Needs the platform's database (TransactionHost) in the process. */
@Module({
  providers: [AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
