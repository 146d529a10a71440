import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The log's Ed25519 signing key when none is configured: generated once, by whichever process
 * needs it first, so that every api and worker signs with the same key. Append-only.
 */
@Entity('transparency_keys')
export class TransparencyKey {
  /** The key name: the log's origin. */
  @PrimaryColumn('text')
  name: string;

  /** PKCS#8 DER of the private key. */
  @Column('bytea')
  privateKey: Buffer;

  /** The 32 raw bytes of the public key. */
  @Column('bytea')
  publicKey: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
