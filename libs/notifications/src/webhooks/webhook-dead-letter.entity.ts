import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** A delivery that failed its last attempt, kept until an admin replays it. */
@Entity('webhook_dead_letters')
@Index('webhook_dead_letters_open', ['deliveryId'], { unique: true, where: 'replayed_at IS NULL' })
@Index('webhook_dead_letters_recent', ['createdAt', 'id'])
export class WebhookDeadLetter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;

  @Column('int')
  attempts: number;

  @Column('text')
  error: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  replayedAt: Date | null;
}
