import { SheetVersions } from './sheets/sheet-versions.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StorageModule } from '@app/platform';
import { ElectionsModule } from '@app/elections';
import { ContestUnitsService } from './analysis/contest-units.service';
import { ElectionScopeService } from './analysis/election-scope.service';
import { RecountTriggersService } from './analysis/recount-triggers.service';
import { ResultsController } from './analysis/results.controller';
import { SourceComparisonService } from './analysis/source-comparison.service';
import { StationSheetsService } from './analysis/station-sheets.service';
import { ImportRunner } from './imports/import-runner.service';
import { ImportStorage } from './imports/import-storage';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { ResultImport } from './imports/result-import.entity';
import { ResultSheet } from './sheets/result-sheet.entity';

/** Result sheets from every source, their imports, checks, comparisons, seats and recount triggers. */
@Module({
  imports: [TypeOrmModule.forFeature([ResultSheet, ResultImport]), ElectionsModule, StorageModule],
  controllers: [ResultsController, ImportsController],
  providers: [
    SheetVersions,
    ElectionScopeService,
    StationSheetsService,
    SourceComparisonService,
    ContestUnitsService,
    RecountTriggersService,
    ImportStorage,
    ImportsService,
    ImportRunner,
  ],
  exports: [
    SheetVersions,
    ImportsService,
    ImportRunner,
    ElectionScopeService,
    ContestUnitsService,
    StationSheetsService,
    SourceComparisonService,
  ],
})
export class ResultsModule {}
