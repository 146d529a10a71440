import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/platform';
import { ElectionsModule } from '@app/elections';
import { ResultsModule } from '@app/results';

/** For commands that import files in-process (import, seed:demo): the database, no Redis, no queues. */
@Module({ imports: [PersistenceModule, ElectionsModule, ResultsModule] })
export class CliResultsModule {}
