import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { User } from '@app/identity/users/user.entity';

/**
 * One notice to one user, from one `notification.requested` event. Unique on (event, user): a
 * redelivered event, or a user matched by two audience lists, adds nothing.
 */
@Entity('notifications')
@Unique('notifications_event_user', ['eventId', 'userId'])
@Index('notifications_inbox', ['userId', 'createdAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  eventId: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text')
  kind: string;

  @Column('text', { nullable: true })
  caseReference: string | null;

  @Column('text', { nullable: true })
  electionCode: string | null;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;

  /** Set once the SMTP server accepted the email, so a retried job never sends it again. */
  @Column('timestamptz', { nullable: true })
  emailedAt: Date | null;
}
