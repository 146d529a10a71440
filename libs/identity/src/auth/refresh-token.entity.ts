import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * One refresh token. Tokens of one login form a family: each refresh uses one and issues the
 * next; presenting a used token again means it leaked, and the whole family is revoked.
 */
@Entity('refresh_tokens')
@Index('refresh_tokens_family', ['familyId'])
@Index('refresh_tokens_user', ['userId'])
export class RefreshToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('uuid')
  familyId: string;

  /** SHA-256 of the secret half; the token itself is never stored. */
  @Column('bytea')
  secretHash: Buffer;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
