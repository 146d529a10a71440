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
@Index('notifications_email_failures', ['emailFailedAt', 'id'], { where: 'email_failed_at IS NOT NULL' })
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

  /** Set when the email failed its last attempt; cleared when an admin sends it again. */
  @Column('timestamptz', { nullable: true })
  emailFailedAt: Date | null;

  /** Why the last attempt failed (the SMTP server's answer). */
  @Column('text', { nullable: true })
  emailError: string | null;

  /** Attempts made when it was given up. */
  @Column('int', { default: 0 })
  emailAttempts: number;
}
