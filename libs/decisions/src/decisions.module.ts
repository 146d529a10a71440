import { Module } from '@nestjs/common';
import { ResultsModule } from '@app/results';
import { PublicAmendmentsController } from './public/public-amendments.controller';
import { PublicDecisionsController } from './public/public-decisions.controller';
import { PublicDecisionsService } from './public/public-decisions.service';
import { PublicSearchPool } from './public/public-search-pool';

/** The public record of decisions: search, documents, downloads, statistics. */
@Module({
  imports: [ResultsModule],
  controllers: [PublicDecisionsController, PublicAmendmentsController],
  providers: [PublicDecisionsService, PublicSearchPool],
  exports: [PublicDecisionsService],
})
export class DecisionsModule {}
