import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last case number given out per election. Taking a number updates this row inside the
 * filing's transaction, so concurrent filings queue on its lock and a rolled-back filing gives its
 * number back: references stay gap-free.
 */
@Entity('case_sequences')
export class CaseSequence {
  @PrimaryColumn('int')
  electionId: number;

  @Column('int', { default: 0 })
  lastNumber: number;
}
