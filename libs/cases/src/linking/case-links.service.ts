import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { FieldError, Problem } from '@app/platform';
import { ContestUnitsService, ElectionScope } from '@app/results';
import type { SheetSnapshot } from '../case-station.entity';
import { TERMINAL_STATES } from '../workflow/case-terms';

/** The sheets of a station as one JSON array: the same shape for the snapshot and for today's figures. */
export const SHEETS_JSON = `coalesce((
  SELECT jsonb_agg(jsonb_build_object(
           'sheetId', r.id::text, 'source', r.source, 'version', r.version,
           'registeredVoters', r.registered_voters, 'ballotsCast', r.ballots_cast,
           'invalidBallots', r.invalid_ballots, 'validBallots', r.valid_ballots,
           'votes', to_jsonb(r.votes), 'findings', to_jsonb(r.findings),
           'certified', r.certified_at IS NOT NULL) ORDER BY r.source)
    FROM result_sheets r
   WHERE r.station_id = p.id AND (r.is_current OR (r.source = 'recount' AND r.certified_at IS NOT NULL))
), '[]'::jsonb)`;

/** DOMAIN.md: the newest certified recount, else official_final, else official_preliminary. */
export function currentOfficial(sheets: readonly SheetSnapshot[]): SheetSnapshot | null {
  const recounts = sheets.filter((s) => s.source === 'recount' && s.certified).sort((a, b) => b.version - a.version);
  return (
    recounts[0] ??
    sheets.find((s) => s.source === 'official_final') ??
    sheets.find((s) => s.source === 'official_preliminary') ??
    null
  );
}

export interface MaterialityUnit {
  areaCode: string;
  ballotsCast: number;
  marginVotes: number | null;
  ratio: number | null;
}

export interface Materiality {
  ratio: number | null;
  units: MaterialityUnit[];
}

interface LinkRow {
  station_id: number;
  unit_code: string;
  province_code: string;
  snapshot: SheetSnapshot[];
}

/** Links stations to a case with the snapshot of their sheets, and measures the case's materiality. */
@Injectable()
export class CaseLinksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly contestUnits: ContestUnitsService,
  ) {}

  /** The election's stations with these codes; any unknown one is a 422 naming it. */
  @Transactional(Propagation.Mandatory)
  async resolveStations(
    electionId: number,
    codes: readonly string[],
    field = 'stationCodes',
  ): Promise<Map<string, number>> {
    const rows: { id: number; code: string }[] = await this.txHost.tx.query(
      `SELECT id, code FROM polling_stations WHERE election_id = $1 AND code = ANY($2::text[])`,
      [electionId, codes],
    );
    const found = new Map(rows.map((r) => [r.code, r.id]));
    const unknown: FieldError[] = codes
      .map((code, i) => ({ code, i }))
      .filter(({ code }) => !found.has(code))
      .map(({ code, i }) => ({
        field: `${field}[${i}]`,
        message: `station ${code} is not a station of this election`,
      }));
    if (unknown.length > 0) throw Problem.unprocessable('Some stations are not stations of this election.', unknown);
    return found;
  }

  /** Links a new case to these stations without their snapshots, for `snapshot_links` to take. */
  @Transactional(Propagation.Mandatory)
  async attach(caseId: string, stationIds: readonly number[]): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO case_stations (case_id, station_id) SELECT $1, unnest($2::int[])`, [
      caseId,
      stationIds,
    ]);
  }

  /**
   * Replaces the case's links with these stations, each with a snapshot of its sheets as they stand
   * now; returns the provinces the stations lie in and the case's materiality.
   */
  @Transactional(Propagation.Mandatory)
  async link(
    caseId: string,
    election: ElectionScope,
    stationIds: readonly number[],
  ): Promise<{ provinceCodes: string[]; materiality: Materiality }> {
    const unit = election.contestLevel === 'commune' ? 'p.commune_code' : 'p.province_code';
    await this.txHost.tx.query(`DELETE FROM case_stations WHERE case_id = $1 AND NOT (station_id = ANY($2::int[]))`, [
      caseId,
      stationIds,
    ]);
    const rows: LinkRow[] = await this.txHost.tx.query(
      `INSERT INTO case_stations (case_id, station_id, snapshot, snapshot_at)
       SELECT $1, p.id, ${SHEETS_JSON}, now() FROM polling_stations p WHERE p.id = ANY($2::int[])
       ON CONFLICT (case_id, station_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, snapshot_at = EXCLUDED.snapshot_at
       RETURNING station_id, snapshot,
         (SELECT ${unit} FROM polling_stations p WHERE p.id = station_id) AS unit_code,
         (SELECT p.province_code FROM polling_stations p WHERE p.id = station_id) AS province_code`,
      [caseId, stationIds],
    );
    const provinceCodes = [...new Set(rows.map((r) => r.province_code))].sort();
    return { provinceCodes, materiality: await this.materiality(election, rows) };
  }

  /**
   * The totals of these stations moved (a certified recount, a corrected or annulled sheet), and with
   * them their units' seat-swing margins: every open case with a station in one of those units (and
   * `caseId`, whatever its state) is measured again from its links, and its materiality stored.
   */
  @Transactional(Propagation.Mandatory)
  async remeasureUnitsOf(election: ElectionScope, stationIds: readonly number[], caseId: string): Promise<void> {
    const unit = election.contestLevel === 'commune' ? 'p.commune_code' : 'p.province_code';
    const rows: (LinkRow & { case_id: string })[] = await this.txHost.tx.query(
      `WITH moved AS (SELECT DISTINCT ${unit} AS code FROM polling_stations p WHERE p.id = ANY($2::int[])),
       affected AS (
         SELECT DISTINCT l.case_id FROM case_stations l
           JOIN polling_stations p ON p.id = l.station_id
           JOIN cases c ON c.id = l.case_id
          WHERE c.election_id = $1 AND ${unit} IN (SELECT code FROM moved)
            AND (c.state <> ALL($3::text[]) OR c.id = $4))
       SELECT l.case_id, l.station_id, l.snapshot, ${unit} AS unit_code, p.province_code
         FROM case_stations l JOIN polling_stations p ON p.id = l.station_id
        WHERE l.case_id IN (SELECT case_id FROM affected)
        ORDER BY l.case_id`,
      [election.id, stationIds, TERMINAL_STATES, caseId],
    );
    const byCase = new Map<string, LinkRow[]>();
    for (const row of rows) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row]);
    const margins = new Map<string, Promise<number | null>>();
    for (const [id, links] of byCase) {
      const materiality = await this.materiality(election, links, margins);
      await this.txHost.tx.query(`UPDATE cases SET materiality = $2, materiality_units = $3::jsonb WHERE id = $1`, [
        id,
        materiality.ratio,
        JSON.stringify(materiality.units),
      ]);
    }
  }

  /**
   * DOMAIN.md: for each contest unit the linked stations lie in, their ballots cast divided by the
   * unit's seat-swing margin; the largest ratio is the case's.
   */
  private async materiality(
    election: ElectionScope,
    rows: readonly LinkRow[],
    margins = new Map<string, Promise<number | null>>(),
  ): Promise<Materiality> {
    const cast = new Map<string, number>();
    for (const row of rows) {
      const official = currentOfficial(row.snapshot);
      cast.set(row.unit_code, (cast.get(row.unit_code) ?? 0) + (official?.ballotsCast ?? 0));
    }
    const units: MaterialityUnit[] = [];
    for (const [areaCode, ballotsCast] of [...cast].sort(([a], [b]) => a.localeCompare(b))) {
      if (!margins.has(areaCode)) margins.set(areaCode, this.marginOf(election, areaCode));
      const marginVotes = await margins.get(areaCode)!;
      const ratio =
        marginVotes === null ? null : marginVotes === 0 ? Number.POSITIVE_INFINITY : ballotsCast / marginVotes;
      units.push({ areaCode, ballotsCast, marginVotes, ratio: ratio === Number.POSITIVE_INFINITY ? 1e9 : ratio });
    }
    const ratios = units.map((u) => u.ratio).filter((r): r is number => r !== null);
    return { ratio: ratios.length > 0 ? Math.max(...ratios) : null, units };
  }

  private async marginOf(election: ElectionScope, unitCode: string): Promise<number | null> {
    const [summary] = await this.contestUnits.summaries(election, { unit: unitCode });
    return summary?.seatSwingMargin?.votes ?? null;
  }
}
