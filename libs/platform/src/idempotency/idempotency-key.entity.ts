import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A create request made with an `Idempotency-Key`, per user: the first response is kept so that a
 * retry (a lost connection, a double click) gets it back instead of creating a second record.
 */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column('text')
  requestHash: string;

  /** Null while the first request is still running. */
  @Column('int', { nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
