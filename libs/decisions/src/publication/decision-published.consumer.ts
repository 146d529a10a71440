import { Injectable, OnModuleInit } from '@nestjs/common';
import { AMENDMENT_PUBLISHED, DECISION_PUBLISHED, RECOUNT_CERTIFIED } from '@app/cases';
import { EventConsumer, EventHandlersRegistry, OutboxEventJob } from '@app/platform';
import { DecisionPublicationService } from './decision-publication.service';

/** A published decision, amendment or certified recount becomes a public record and a leaf of the transparency log, once. */
@Injectable()
export class DecisionPublishedConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'decisions.public-record';
  readonly events = [DECISION_PUBLISHED, AMENDMENT_PUBLISHED, RECOUNT_CERTIFIED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly publication: DecisionPublicationService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob): Promise<void> {
    if (event.type === RECOUNT_CERTIFIED) await this.publication.publishRecount(String(event.payload.recountId));
    else if (event.type === AMENDMENT_PUBLISHED) {
      await this.publication.publish(String(event.payload.caseId), {
        decisionId: String(event.payload.decisionId),
        reference: String(event.payload.reference),
      });
    } else await this.publication.publish(String(event.payload.caseId));
  }
}
