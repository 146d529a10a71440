import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ElectionsModule } from '@app/elections';
import { ResultImport } from './imports/result-import.entity';
import { ResultSheet } from './sheets/result-sheet.entity';

/** Result sheets from every source, their imports, checks, comparisons, seats and recount triggers. */
@Module({
  imports: [TypeOrmModule.forFeature([ResultSheet, ResultImport]), ElectionsModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class ResultsModule {}
