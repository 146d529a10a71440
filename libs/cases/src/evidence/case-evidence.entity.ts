import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../case.entity';

/** A file attached to a case: stored once, identified by its SHA-256, public or not. */
@Entity('case_evidence')
@Index('case_evidence_case', ['caseId', 'createdAt'])
export class CaseEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column('uuid')
  uploadedBy: string;

  @Column('text')
  fileName: string;

  @Column('text')
  mediaType: string;

  @Column('bigint')
  size: string;

  @Column('text')
  sha256: string;

  /** Relative to STORAGE_DIR. */
  @Column('text')
  storedAs: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('boolean', { default: false })
  public: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
