import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { SheetFigures } from '../analysis/sheet-figures';
import { storedSheetFindingsSql } from '../imports/sheets-import';

/** What one new version of a station's sheet of one source says, and who wrote it why. */
export interface NewSheetVersion {
  electionId: number;
  stationId: number;
  /** `recount` for a recount's figures, `official_final` for a decision's correction or annulment. */
  source: string;
  figures: SheetFigures;
  createdBy: string;
  reason: string;
}

const UNIT = `CASE e.contest_level WHEN 'commune' THEN p.commune_code ELSE p.province_code END`;

/**
 * One sheet at a time, as a recount or a decision's remedy writes it (imports write thousands
 * set-based, in ImportRunner): the station's next version of the source becomes current and the
 * previous one is retired. Its findings are the import checks' (findingsSql), and since the new
 * figures move the unit's median invalid share, every current sheet of that source in the unit is
 * checked again, as an import and the thresholds refresh do.
 */
@Injectable()
export class SheetVersions {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Returns the new version's id. */
  @Transactional(Propagation.Mandatory)
  async add(input: NewSheetVersion): Promise<string> {
    const { electionId, stationId, source, figures: f } = input;
    // Two writers of one station's source (two cases, say) take turns at its version numbers.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('result_sheets.' || $1), $2)`, [
      source,
      stationId,
    ]);
    await this.txHost.tx.query(
      `UPDATE result_sheets SET is_current = false
        WHERE election_id = $1 AND station_id = $2 AND source = $3 AND is_current`,
      [electionId, stationId, source],
    );
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO result_sheets (election_id, station_id, source, version, is_current, registered_voters,
                                  ballots_received, ballots_cast, ballots_unused, ballots_spoiled, invalid_ballots,
                                  valid_ballots, votes, created_by, reason)
       VALUES ($1, $2, $3,
               (SELECT coalesce(max(version), 0) + 1 FROM result_sheets WHERE station_id = $2 AND source = $3),
               true, $4, $5, $6, $7, $8, $9, $10, $11::int[], $12, $13)
       RETURNING id::text AS id`,
      [
        electionId,
        stationId,
        source,
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
    await this.recheckUnit(electionId, stationId, source);
    return row.id;
  }

  /** The current sheets of `source` in the station's unit, checked again with the unit's new median. */
  private async recheckUnit(electionId: number, stationId: number, source: string): Promise<void> {
    const findings = storedSheetFindingsSql('s');
    await this.txHost.tx.query(
      `WITH e AS (SELECT id, contest_level, thresholds FROM elections WHERE id = $1),
       unit AS (SELECT ${UNIT} AS code FROM polling_stations p, e WHERE p.id = $2),
       medians AS (
         SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s.invalid_ballots::float8 / s.ballots_cast) AS median
           FROM result_sheets s JOIN polling_stations p ON p.id = s.station_id, e, unit
          WHERE s.election_id = e.id AND s.source = $3 AND s.is_current AND s.ballots_cast > 0
            AND ${UNIT} = unit.code)
       UPDATE result_sheets s SET findings = ${findings}
         FROM polling_stations p, e, unit, medians m
        WHERE s.election_id = e.id AND s.source = $3 AND s.is_current AND p.id = s.station_id
          AND ${UNIT} = unit.code AND s.findings IS DISTINCT FROM ${findings}`,
      [electionId, stationId, source],
    );
  }
}
