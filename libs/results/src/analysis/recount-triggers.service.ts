import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ContestUnitsService } from './contest-units.service';
import {
  currentOfficialCtes,
  figuresFrom,
  independentSources,
  QueryParams,
  selectFigures,
  stationsInArea,
} from './current-sheets.sql';
import { RecountTriggerQuery } from './dto/results-query.dto';
import { RecountTriggerListDto } from './dto/recount-trigger.dto';
import { AreaScope, ElectionScope, ElectionScopeService } from './election-scope.service';
import { ARITHMETIC_TRIGGER_CHECKS, recountTriggers, StationSheets } from './recount-triggers';

interface StationRow extends Record<string, unknown> {
  station_code: string;
  source: string;
  version: number;
  findings: string[];
  other_source: string | null;
  other_votes: number[] | null;
}

/** Recount triggers of an election or area: contest units from their totals, stations from their sheets. */
@Injectable()
export class RecountTriggersService {
  constructor(
    private readonly scope: ElectionScopeService,
    private readonly contestUnits: ContestUnitsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** One snapshot for both statements, so units and stations describe the same sheets. */
  @Transactional<TransactionalAdapterTypeOrm>({ isolationLevel: 'REPEATABLE READ' })
  async list(electionCode: string, query: RecountTriggerQuery): Promise<RecountTriggerListDto> {
    const election = await this.scope.election(electionCode);
    if (query.source) this.scope.checkSource(election, query.source);
    const area = await this.scope.area(election, query.area);
    await this.scope.withoutJit();
    const units = await this.contestUnits.summaries(election, { area });
    const independent = query.source ? [query.source] : await this.independentSources(election);
    const stations = await this.stationSheets(election, area, independent);
    return {
      items: recountTriggers({
        units,
        stations,
        partyCodes: election.partyCodes,
        thresholds: election.thresholds,
      }),
    };
  }

  /** The shared observer source, every observer organisation that has imported sheets, every party. */
  private async independentSources(election: ElectionScope): Promise<string[]> {
    const rows = await this.txHost.tx.query<{ source: string }[]>(
      `SELECT DISTINCT source FROM result_imports
        WHERE election_id = $1 AND kind = 'sheets' AND status = 'succeeded' AND source LIKE 'observer:%'
        ORDER BY source`,
      [election.id],
    );
    return independentSources(
      election.partyCodes,
      rows.map((r) => r.source),
    );
  }

  /**
   * Stations whose official sheet fails a triggering check or disagrees on votes with an
   * independent copy: one row per disagreeing sheet, or one row when only the arithmetic fails.
   */
  private async stationSheets(
    election: ElectionScope,
    area: AreaScope | null,
    sources: string[],
  ): Promise<StationSheets[]> {
    const p = new QueryParams();
    const e = p.add(election.id);
    const stations = area ? stationsInArea(p, e, area) : undefined;
    const checks = p.add(ARITHMETIC_TRIGGER_CHECKS);
    const independent = p.add(sources);
    const rows = await this.txHost.tx.query<StationRow[]>(
      `WITH ${currentOfficialCtes(e, stations)}
       SELECT s.code AS station_code, o.source, o.version, o.findings, ${selectFigures('o', '')},
              x.source AS other_source, x.votes AS other_votes
       FROM official o
       JOIN polling_stations s ON s.id = o.station_id
       LEFT JOIN result_sheets x
         ON x.station_id = o.station_id AND x.election_id = ${e} AND x.is_current
        AND x.source = ANY(${independent}::text[]) AND x.votes <> o.votes
       WHERE o.findings && ${checks}::text[] OR x.id IS NOT NULL`,
      p.values,
    );
    const byStation = new Map<string, StationSheets>();
    for (const row of rows) {
      let station = byStation.get(row.station_code);
      if (!station) {
        station = {
          stationCode: row.station_code,
          official: { ...figuresFrom(row), source: row.source, version: row.version, findings: row.findings },
          disagreeing: [],
        };
        byStation.set(row.station_code, station);
      }
      if (row.other_source && row.other_votes) {
        station.disagreeing.push({ source: row.other_source, votes: row.other_votes });
      }
    }
    return [...byStation.values()];
  }
}
