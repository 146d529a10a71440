export { ResultsModule } from './results.module';
export { ResultSheet } from './sheets/result-sheet.entity';
export {
  ResultImport,
  IMPORT_KINDS,
  IMPORT_STATUSES,
  type ImportKind,
  type ImportStatus,
  type RejectedRow,
} from './imports/result-import.entity';
export * from './seats';
