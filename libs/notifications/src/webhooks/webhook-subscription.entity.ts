import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A party system's endpoint: notifications whose audience names the party are POSTed to it, signed. */
@Entity('webhook_subscriptions')
@Index('webhook_subscriptions_party', ['partyCode'])
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  partyCode: string;

  @Column('text')
  url: string;

  /** The HMAC key; kept as is because signing needs it, and shown only when the subscription is made. */
  @Column('text')
  secret: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
