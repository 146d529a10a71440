import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { decodeCursor, toPage } from '@app/platform';
import {
  currentOfficialCtes,
  currentSheetsOf,
  figuresFrom,
  QueryParams,
  selectFigures,
  sheetsAgree,
  STATION_AREA_COLUMN,
  stationsInArea,
} from './current-sheets.sql';
import { DiscrepancyQuery, MatchRateQuery } from './dto/results-query.dto';
import { AreaMatchRateDto, DiscrepancyPageDto, MatchRateDto } from './dto/source-comparison.dto';
import { AreaScope, ElectionScope, ElectionScopeService } from './election-scope.service';
import { sheetDifferences } from './sheet-figures';

interface CountRow {
  area_code: string | null;
  whole: boolean;
  compared: number;
  matching: number;
  name_en: string | null;
  name_km: string | null;
}

/** The current official sheets against the current sheets of another source (DOMAIN.md, "Comparing sources"). */
@Injectable()
export class SourceComparisonService {
  constructor(
    private readonly scope: ElectionScopeService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  @Transactional()
  async discrepancies(electionCode: string, query: DiscrepancyQuery): Promise<DiscrepancyPageDto> {
    const { election, area } = await this.resolve(electionCode, query);
    const p = new QueryParams();
    const { official, other } = this.pair(p, election, area, query.source);
    const after = query.cursor ? `AND s.code > ${p.add(String(decodeCursor(query.cursor, 1)[0]))}` : '';
    // SQL finds the discrepant stations of one page; the fields of those few are listed in TS.
    const rows = await this.txHost.tx.query<Record<string, unknown>[]>(
      `WITH ${official}, other AS (${other})
       SELECT s.code AS station_code, o.source AS official_source, ${selectFigures('o', 'o_')}, ${selectFigures('x', 'x_')}
       FROM official o
       JOIN other x ON x.station_id = o.station_id
       JOIN polling_stations s ON s.id = o.station_id
       WHERE NOT ${sheetsAgree('o', 'x')} ${after}
       ORDER BY s.code
       LIMIT ${p.add(query.limit + 1)}`,
      p.values,
    );
    const page = toPage(rows, query.limit, (row) => [row.station_code as string]);
    return {
      items: page.items.map((row) => ({
        stationCode: row.station_code as string,
        officialSource: row.official_source as string,
        fields: sheetDifferences(figuresFrom(row, 'o_'), figuresFrom(row, 'x_'), election.partyCodes),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** One statement: the whole election (or area) and, with `by`, each area of that level at once. */
  @Transactional()
  async matchRate(electionCode: string, query: MatchRateQuery): Promise<MatchRateDto> {
    const { election, area } = await this.resolve(electionCode, query);
    const p = new QueryParams();
    const e = p.add(election.id);
    const { official, other } = this.pair(p, election, area, query.source, e);
    const by = query.by ? `s.${STATION_AREA_COLUMN[query.by]}` : null;
    const inArea = area ? `AND s.${STATION_AREA_COLUMN[area.level]} = ${p.add(area.code)}` : '';
    const rows = await this.txHost.tx.query<CountRow[]>(
      `WITH ${official}, other AS (${other}),
       counts AS (
         SELECT ${by ?? 'NULL::text'} AS area_code, ${by ? `grouping(${by}) = 1` : 'true'} AS whole,
                count(x.station_id)::int AS compared,
                (count(*) FILTER (WHERE ${sheetsAgree('o', 'x')}))::int AS matching
         FROM polling_stations s
         LEFT JOIN (official o JOIN other x ON x.station_id = o.station_id) ON o.station_id = s.id
         WHERE s.election_id = ${e} ${inArea}
         GROUP BY ${by ? `GROUPING SETS ((), (${by}))` : '()'}
       )
       SELECT c.*, a.name_en, a.name_km
       FROM counts c LEFT JOIN areas a ON a.election_id = ${e} AND a.code = c.area_code
       ORDER BY c.whole DESC, c.area_code`,
      p.values,
    );
    const [whole, ...areas] = rows;
    return {
      source: query.source,
      area: area?.code ?? null,
      ...rate(whole),
      ...(query.by
        ? {
            by: query.by,
            areas: areas.map((row): AreaMatchRateDto => ({
              areaCode: row.area_code!,
              name: row.name_en,
              nameKm: row.name_km,
              ...rate(row),
            })),
          }
        : {}),
    };
  }

  private async resolve(
    electionCode: string,
    query: { source: string; area?: string },
  ): Promise<{ election: ElectionScope; area: AreaScope | null }> {
    const election = await this.scope.election(electionCode);
    this.scope.checkSource(election, query.source);
    const area = await this.scope.area(election, query.area);
    await this.scope.withoutJit();
    return { election, area };
  }

  /** The two sides of a comparison, both narrowed to the area's stations when there is one. */
  private pair(
    p: QueryParams,
    election: ElectionScope,
    area: AreaScope | null,
    source: string,
    e = p.add(election.id),
  ) {
    const stations = area ? stationsInArea(p, e, area) : undefined;
    return {
      official: currentOfficialCtes(e, stations),
      other: currentSheetsOf(e, p.add(source), stations),
    };
  }
}

function rate(row: CountRow): { stationsCompared: number; stationsMatching: number; rate: number | null } {
  return {
    stationsCompared: row.compared,
    stationsMatching: row.matching,
    rate: row.compared === 0 ? null : row.matching / row.compared,
  };
}
