import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../case.entity';

export const NOTE_VISIBILITIES = ['internal', 'complainant'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/** An internal note (officers and adjudicators only) or a message to the complainant. */
@Entity('case_notes')
@Check('case_notes_visibility', `visibility IN ('internal', 'complainant')`)
@Index('case_notes_case', ['caseId', 'createdAt'])
export class CaseNote {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column('uuid')
  authorId: string;

  @Column('text')
  visibility: NoteVisibility;

  @Column('text')
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
