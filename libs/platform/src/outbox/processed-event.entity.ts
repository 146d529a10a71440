import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Remembers which consumer has handled which event, so a redelivered event is a no-op. */
@Entity('processed_events')
export class ProcessedEvent {
  @PrimaryColumn('text')
  consumer: string;

  @PrimaryColumn('uuid')
  eventId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  processedAt: Date;
}
