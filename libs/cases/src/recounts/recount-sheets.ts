import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { currentOfficialCtes, storedSheetFindingsSql, type SheetFigures } from '@app/results';

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

const UNIT = `CASE e.contest_level WHEN 'commune' THEN p.commune_code ELSE p.province_code END`;

/**
 * The recounts' side of result_sheets: a recount's figures are a `recount` version of the station's
 * sheet, versioned like any other source, and certifying one makes it the current official figure
 * (the rule is currentOfficialCtes', shared with every results read).
 */
@Injectable()
export class RecountSheets {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

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

  /**
   * Adds the station's next `recount` version and retires the previous one. Its findings come from
   * the import checks (findingsSql) with the unit's median over current recount sheets, as the
   * findings refresh computes them, so a later threshold change re-checks it the same way.
   */
  @Transactional(Propagation.Mandatory)
  async enter(input: {
    electionId: number;
    stationId: number;
    figures: SheetFigures;
    createdBy: string;
    reason: string;
  }): Promise<string> {
    const { electionId, stationId, figures: f } = input;
    // Two recounts of one station (from two cases) take turns at its version numbers.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('result_sheets.recount'), $1)`, [stationId]);
    await this.txHost.tx.query(
      `UPDATE result_sheets SET is_current = false
        WHERE election_id = $1 AND station_id = $2 AND source = 'recount' AND is_current`,
      [electionId, stationId],
    );
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO result_sheets (election_id, station_id, source, version, is_current, registered_voters,
                                  ballots_received, ballots_cast, ballots_unused, ballots_spoiled, invalid_ballots,
                                  valid_ballots, votes, created_by, reason)
       VALUES ($1, $2, 'recount',
               (SELECT coalesce(max(version), 0) + 1 FROM result_sheets WHERE station_id = $2 AND source = 'recount'),
               true, $3, $4, $5, $6, $7, $8, $9, $10::int[], $11, $12)
       RETURNING id::text AS id`,
      [
        electionId,
        stationId,
        f.registeredVoters,
        f.ballotsReceived,
        f.ballotsCast,
        f.ballotsUnused,
        f.ballotsSpoiled,
        f.invalidBallots,
        f.validBallots,
        f.votes,
        input.createdBy,
        input.reason,
      ],
    );
    await this.refreshFindings(electionId, stationId);
    return row.id;
  }

  /** The certified version becomes the station's current official figure. */
  @Transactional(Propagation.Mandatory)
  async certify(sheetId: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE result_sheets SET certified_at = $2 WHERE id = $1 AND source = 'recount'`, [
      sheetId,
      at,
    ]);
  }

  /** The current recount sheets of the station's unit, checked again with the unit's new median. */
  private async refreshFindings(electionId: number, stationId: number): Promise<void> {
    const findings = storedSheetFindingsSql('s');
    await this.txHost.tx.query(
      `WITH e AS (SELECT id, contest_level, thresholds FROM elections WHERE id = $1),
       unit AS (SELECT ${UNIT} AS code FROM polling_stations p, e WHERE p.id = $2),
       medians AS (
         SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s.invalid_ballots::float8 / s.ballots_cast) AS median
           FROM result_sheets s JOIN polling_stations p ON p.id = s.station_id, e, unit
          WHERE s.election_id = e.id AND s.source = 'recount' AND s.is_current AND s.ballots_cast > 0
            AND ${UNIT} = unit.code)
       UPDATE result_sheets s SET findings = ${findings}
         FROM polling_stations p, e, unit, medians m
        WHERE s.election_id = e.id AND s.source = 'recount' AND s.is_current AND p.id = s.station_id
          AND ${UNIT} = unit.code AND s.findings IS DISTINCT FROM ${findings}`,
      [electionId, stationId],
    );
  }
}
