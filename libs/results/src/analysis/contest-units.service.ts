import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { decodeCursor, Problem, toPage } from '@app/platform';
import { ContestUnitSummary, summariseContestUnit } from './contest-unit-summary';
import { currentOfficialCtes, QueryParams, STATION_AREA_COLUMN } from './current-sheets.sql';
import { ContestUnitDto, ContestUnitPageDto } from './dto/contest-unit.dto';
import { ContestUnitListQuery } from './dto/results-query.dto';
import { AreaScope, ElectionScope, ElectionScopeService } from './election-scope.service';

/** Which units to sum: one, those overlapping an area, a page after a code — or all of them. */
export interface UnitFilter {
  unit?: string;
  area?: AreaScope | null;
  after?: string;
  limit?: number;
}

interface UnitRow {
  area_code: string;
  name_en: string;
  name_km: string | null;
  seats: number;
  stations_total: number;
  stations_counted: number;
  valid_ballots: number;
  invalid_ballots: number;
  ballots_cast: number;
  votes: number[];
}

/**
 * Contest units (areas of the election's contest level with seats): totals from the current official
 * sheets of their stations, seat allocation and seat-swing margin.
 */
@Injectable()
export class ContestUnitsService {
  constructor(
    private readonly scope: ElectionScopeService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  @Transactional()
  async get(electionCode: string, areaCode: string): Promise<ContestUnitDto> {
    const election = await this.scope.election(electionCode);
    const area = await this.scope.requireArea(election, areaCode);
    if (area.level !== election.contestLevel || area.seats === null) {
      throw Problem.notFound(`Area ${areaCode} is not a contest unit of election ${election.code}.`);
    }
    const [unit] = await this.summaries(election, { unit: areaCode });
    return ContestUnitDto.of(unit, election.seatMethod);
  }

  @Transactional()
  async list(electionCode: string, query: ContestUnitListQuery): Promise<ContestUnitPageDto> {
    const election = await this.scope.election(electionCode);
    const area = await this.scope.area(election, query.area);
    await this.scope.withoutJit();
    const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
    const units = await this.summaries(election, { area, after, limit: query.limit + 1 });
    const page = toPage(units, query.limit, (u) => [u.areaCode]);
    return { items: page.items.map((u) => ContestUnitDto.of(u, election.seatMethod)), nextCursor: page.nextCursor };
  }

  /**
   * One grouped statement sums every unit's stations; votes are summed position by position
   * (`sum(votes[i])` for each party), which needs neither unnest nor a custom aggregate.
   */
  async summaries(election: ElectionScope, filter: UnitFilter): Promise<ContestUnitSummary[]> {
    const p = new QueryParams();
    const e = p.add(election.id);
    const where = [`u.election_id = ${e}`, `u.level = ${p.add(election.contestLevel)}`, 'u.seats IS NOT NULL'];
    if (filter.unit !== undefined) where.push(`u.code = ${p.add(filter.unit)}`);
    if (filter.area) where.push(unitsOverlapping(p, e, election, filter.area));
    if (filter.after !== undefined) where.push(`u.code > ${p.add(filter.after)}`);
    const limit = filter.limit !== undefined ? `LIMIT ${p.add(filter.limit)}` : '';
    const unitColumn = `s.${STATION_AREA_COLUMN[election.contestLevel]}`;
    const someUnits = filter.unit !== undefined || filter.area || filter.limit !== undefined;
    const stations = someUnits
      ? `SELECT s.id FROM polling_stations s WHERE s.election_id = ${e} AND ${unitColumn} IN (SELECT code FROM units)`
      : undefined;
    const votes =
      election.partyCodes.length === 0
        ? `'{}'::int[]`
        : `ARRAY[${election.partyCodes.map((_, i) => `coalesce(sum(o.votes[${i + 1}]), 0)`).join(', ')}]::int[]`;
    const rows = await this.txHost.tx.query<UnitRow[]>(
      `WITH units AS (
         SELECT u.code, u.name_en, u.name_km, u.seats FROM areas u WHERE ${where.join(' AND ')} ORDER BY u.code ${limit}
       ),
       ${currentOfficialCtes(e, stations)}
       SELECT u.code AS area_code, u.name_en, u.name_km, u.seats,
              count(s.id)::int AS stations_total, count(o.station_id)::int AS stations_counted,
              coalesce(sum(o.valid_ballots), 0)::int AS valid_ballots,
              coalesce(sum(o.invalid_ballots), 0)::int AS invalid_ballots,
              coalesce(sum(o.ballots_cast), 0)::int AS ballots_cast,
              ${votes} AS votes
       FROM units u
       LEFT JOIN polling_stations s ON s.election_id = ${e} AND ${unitColumn} = u.code
       LEFT JOIN official o ON o.station_id = s.id
       GROUP BY u.code, u.name_en, u.name_km, u.seats
       ORDER BY u.code`,
      p.values,
    );
    return rows.map((row) =>
      summariseContestUnit(
        {
          areaCode: row.area_code,
          name: row.name_en,
          nameKm: row.name_km,
          seats: row.seats,
          stationsTotal: row.stations_total,
          stationsCounted: row.stations_counted,
          validBallots: row.valid_ballots,
          invalidBallots: row.invalid_ballots,
          ballotsCast: row.ballots_cast,
          votes: row.votes,
        },
        election.partyCodes,
        election.seatMethod,
      ),
    );
  }
}

/**
 * Units sharing ground with the area: the units inside it, or the unit it lies in. Provinces are
 * contest units of national elections; communes, whose parents are districts, of commune elections.
 */
function unitsOverlapping(p: QueryParams, e: string, election: ElectionScope, area: AreaScope): string {
  if (election.contestLevel === 'province') return `u.code = ${p.add(area.provinceCode)}`;
  switch (area.level) {
    case 'commune':
      return `u.code = ${p.add(area.code)}`;
    case 'district':
      return `u.parent_code = ${p.add(area.code)}`;
    case 'province':
      return `u.parent_code IN (SELECT d.code FROM areas d WHERE d.election_id = ${e} AND d.parent_code = ${p.add(area.code)})`;
  }
}
