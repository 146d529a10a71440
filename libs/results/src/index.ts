export { ResultsModule } from './results.module';
export { ResultsWorkerModule } from './results-worker.module';
export { ImportsService } from './imports/imports.service';
export { ImportRunner } from './imports/import-runner.service';
export type { ImportPhase, ProgressListener } from './imports/import-progress';
export { ImportDto } from './imports/dto/import.dto';
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
export { syntheticElection, parseKhAreas, DEMO_PARTIES, type KhArea } from './demo/synthetic-election';
export { ElectionScopeService, type ElectionScope } from './analysis/election-scope.service';
export { ContestUnitsService } from './analysis/contest-units.service';
export { StationSheetsService } from './analysis/station-sheets.service';
export { describeFinding } from './analysis/finding-messages';
export { sheetDifferences, type FieldDifference, type SheetFigures } from './analysis/sheet-figures';
export { currentOfficialCtes } from './analysis/current-sheets.sql';
export { storedSheetFindingsSql } from './imports/sheets-import';
export { SourceComparisonService } from './analysis/source-comparison.service';
export { SheetVersions, type NewSheetVersion } from './sheets/sheet-versions.service';
