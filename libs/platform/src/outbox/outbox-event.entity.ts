import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event committed in the same transaction as the change it describes. The worker's relay
 * moves it to the `events` queue and stamps `dispatchedAt`.
 */
@Entity('outbox_events')
@Index('outbox_events_pending', ['seq'], { where: 'dispatched_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Commit order, so events leave in the order they were written. */
  @Column('bigint', { unique: true })
  @Generated('increment')
  seq: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;
}
