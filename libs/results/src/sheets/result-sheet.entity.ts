import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Election, PollingStation } from '@app/elections';
import { ResultImport } from '../imports/result-import.entity';

/**
 * One version of one source's copy of one station's count (form 1102). Versions are never
 * overwritten: a changed figure adds a version and retires the previous one (`isCurrent`).
 * Party votes are one int[] in the election's party order: the comparisons over tens of thousands
 * of stations then run as single whole-table joins, several times faster than a votes child table.
 * No foreign keys: each per-row key check costs about as much as writing the row, and an import
 * checks every station before it writes. Deleting stations (or their election) deletes their sheets
 * through a trigger on polling_stations (`result_sheets_follow_stations`, in the migration).
 */
@Entity('result_sheets')
// The fixed sources are matched as a list: a pattern on every row cost an import 15% of its insert time.
@Check(
  'result_sheets_source',
  `source IN ('official_preliminary', 'official_final', 'observer', 'recount') OR source ~ '^(party|observer):[A-Z0-9][A-Z0-9_-]*$'`,
)
@Check(
  'result_sheets_non_negative',
  `registered_voters >= 0 AND ballots_cast >= 0 AND invalid_ballots >= 0 AND valid_ballots >= 0
   AND coalesce(ballots_received, 0) >= 0 AND coalesce(ballots_unused, 0) >= 0 AND coalesce(ballots_spoiled, 0) >= 0`,
)
@Index('result_sheets_version', ['stationId', 'source', 'version'], { unique: true })
// One index serves both the current version of a station and the current sheets of a whole source.
@Index('result_sheets_current', ['electionId', 'source', 'stationId'], { unique: true, where: 'is_current' })
export class ResultSheet {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('int')
  electionId: number;

  @ManyToOne(() => Election, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'election_id' })
  election?: Election;

  @Column('int')
  stationId: number;

  @ManyToOne(() => PollingStation, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'station_id' })
  station?: PollingStation;

  /**
   * `official_preliminary`, `official_final`, `observer`, `observer:<ORG>`, `party:<CODE>` or `recount`.
   * Compared bytewise: cheaper in the two unique indexes it is part of.
   */
  @Column({ type: 'text', collation: 'C' })
  source: string;

  @Column('int')
  version: number;

  @Column('boolean')
  isCurrent: boolean;

  @Column('int')
  registeredVoters: number;

  @Column('int', { nullable: true })
  ballotsReceived: number | null;

  @Column('int')
  ballotsCast: number;

  @Column('int', { nullable: true })
  ballotsUnused: number | null;

  @Column('int', { nullable: true })
  ballotsSpoiled: number | null;

  @Column('int')
  invalidBallots: number;

  @Column('int')
  validBallots: number;

  /** Votes per party, in the order of the election's parties (`parties.position`). */
  @Column('int', { array: true })
  votes: number[];

  @Column('text', { nullable: true })
  note: string | null;

  /** Codes of the arithmetic checks this sheet fails (VOTES_SUM, BALLOTS_SUM, …). */
  @Column('text', { array: true, default: () => "'{}'" })
  findings: string[];

  @Column('uuid', { nullable: true })
  importId: string | null;

  @ManyToOne(() => ResultImport, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'import_id' })
  import?: ResultImport;

  /** The line of the import file this version came from (the header is line 1). */
  @Column('int', { nullable: true })
  rowNumber: number | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  /** Why this version exists when it is not an import: a correction, a recount. */
  @Column('text', { nullable: true })
  reason: string | null;

  /** SHA-256 of a scan of the paper sheet, when one was attached. */
  @Column('text', { nullable: true })
  scanSha256: string | null;

  /** For `recount` versions: when it was certified and became the current official figure. */
  @Column('timestamptz', { nullable: true })
  certifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
