import { Module } from '@nestjs/common';
import { TransparencyModule } from '@app/transparency';
import { DecisionPublicationService } from './publication/decision-publication.service';
import { DecisionPublishedConsumer } from './publication/decision-published.consumer';

/** The worker side: published decisions become public records and leaves of the transparency log. */
@Module({
  imports: [TransparencyModule],
  providers: [DecisionPublicationService, DecisionPublishedConsumer],
})
export class DecisionsWorkerModule {}
