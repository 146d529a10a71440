import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { currentOfficialCtes, SheetVersions, type SheetFigures } from '@app/results';

/** A row of result_sheets as the recount views read it. */
export interface SheetRow {
  id: string;
  station_id: number;
  source: string;
  version: number;
  registered_voters: number;
  ballots_received: number | null;
  ballots_cast: number;
  ballots_unused: number | null;
  ballots_spoiled: number | null;
  invalid_ballots: number;
  valid_ballots: number;
  votes: number[];
  findings: string[];
  certified_at: Date | null;
}

const COLUMNS = `r.id::text AS id, r.station_id, r.source, r.version, r.registered_voters, r.ballots_received,
  r.ballots_cast, r.ballots_unused, r.ballots_spoiled, r.invalid_ballots, r.valid_ballots, r.votes, r.findings,
  r.certified_at`;

/**
 * The recounts' side of result_sheets: a recount's figures are a `recount` version of the station's
 * sheet, versioned like any other source, and certifying one makes it the current official figure
 * (the rule is currentOfficialCtes', shared with every results read).
 */
@Injectable()
export class RecountSheets {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly versions: SheetVersions,
  ) {}

  /** The current official sheet of each station, by station id. */
  async officialOf(electionId: number, stationIds: readonly number[]): Promise<Map<number, SheetRow>> {
    if (stationIds.length === 0) return new Map();
    const rows: SheetRow[] = await this.txHost.tx.query(
      `WITH ${currentOfficialCtes('$1', 'SELECT unnest($2::int[])')}
       SELECT ${COLUMNS} FROM result_sheets r WHERE r.id IN (SELECT o.id FROM official o)`,
      [electionId, stationIds],
    );
    return new Map(rows.map((r) => [r.station_id, r]));
  }

  async byIds(ids: readonly string[]): Promise<Map<string, SheetRow>> {
    if (ids.length === 0) return new Map();
    const rows: SheetRow[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM result_sheets r WHERE r.id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Adds the station's next `recount` version and retires the previous one (SheetVersions.add). */
  enter(input: { electionId: number; stationId: number; figures: SheetFigures; createdBy: string; reason: string }) {
    return this.versions.add({ ...input, source: 'recount' });
  }

  /** The certified version becomes the station's current official figure. */
  @Transactional(Propagation.Mandatory)
  async certify(sheetId: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE result_sheets SET certified_at = $2 WHERE id = $1 AND source = 'recount'`, [
      sheetId,
      at,
    ]);
  }
}
