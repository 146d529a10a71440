export { AuditModule } from './audit.module';
export {
  AuditTrail,
  auditInsert,
  isAuditChainRace,
  type NewAuditEntry,
  type ChainReport,
  type BrokenEntry,
  type VerifyOptions,
} from './audit-trail.service';
export { AuditEntry } from './audit-entry.entity';
export { auditHash, GENESIS_HASH, type HashedFields } from './audit-hash';
