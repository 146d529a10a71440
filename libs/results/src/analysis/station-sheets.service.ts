import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Problem } from '@app/platform';
import { currentOfficialCtes, figuresFrom } from './current-sheets.sql';
import { StationDto } from '@app/elections';
import { SheetVersionDto, SourceSheetsDto, StationSheetsDto } from './dto/station-sheets.dto';
import { ElectionScope, ElectionScopeService } from './election-scope.service';
import { describeFinding } from './finding-messages';

interface StationRow {
  id: number;
  code: string;
  name: string;
  commune_code: string;
  district_code: string;
  province_code: string;
  registered_voters: number;
}

interface SheetRow extends Record<string, unknown> {
  source: string;
  version: number;
  is_current: boolean;
  is_current_official: boolean;
  certified_at: Date | null;
  votes: number[];
  note: string | null;
  findings: string[];
  import_id: string | null;
  row_number: number | null;
  created_by: string | null;
  created_at: Date;
  reason: string | null;
  scan_sha256: string | null;
}

/** Every source's sheets of one station, every version, with findings in words. */
@Injectable()
export class StationSheetsService {
  constructor(
    private readonly scope: ElectionScopeService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async sheets(electionCode: string, stationCode: string): Promise<StationSheetsDto> {
    const election = await this.scope.election(electionCode);
    const [station] = await this.txHost.tx.query<StationRow[]>(
      `SELECT id, code, name, commune_code, district_code, province_code, registered_voters
       FROM polling_stations WHERE election_id = $1 AND code = $2`,
      [election.id, stationCode],
    );
    if (!station) throw Problem.notFound(`Election ${election.code} has no polling station "${stationCode}".`);
    // The current official version is marked by the same SQL that every comparison uses.
    const rows = await this.txHost.tx.query<SheetRow[]>(
      `WITH ${currentOfficialCtes('$1', '$2')}
       SELECT r.*, r.id IN (SELECT o.id FROM official o) AS is_current_official
       FROM result_sheets r
       WHERE r.election_id = $1 AND r.station_id = $2
       ORDER BY CASE r.source WHEN 'recount' THEN 0 WHEN 'official_final' THEN 1
                  WHEN 'official_preliminary' THEN 2 WHEN 'observer' THEN 3 ELSE 4 END,
                r.source, r.version DESC`,
      [election.id, station.id],
    );
    const sources: SourceSheetsDto[] = [];
    for (const row of rows) {
      if (sources.at(-1)?.source !== row.source) sources.push({ source: row.source, versions: [] });
      sources.at(-1)!.versions.push(toVersion(row, election));
    }
    const official = rows.find((r) => r.is_current_official);
    return {
      station: toStation(station),
      currentOfficial: official ? { source: official.source, version: official.version } : null,
      sources,
    };
  }
}

function toStation(row: StationRow): StationDto {
  return {
    code: row.code,
    name: row.name,
    communeCode: row.commune_code,
    districtCode: row.district_code,
    provinceCode: row.province_code,
    registeredVoters: row.registered_voters,
  };
}

function toVersion(row: SheetRow, election: ElectionScope): SheetVersionDto {
  const figures = figuresFrom(row);
  const votes: Record<string, number> = {};
  election.partyCodes.forEach((code, i) => (votes[code] = row.votes[i]));
  return {
    version: row.version,
    isCurrent: row.is_current,
    isCurrentOfficial: row.is_current_official,
    certifiedAt: row.certified_at?.toISOString() ?? null,
    registeredVoters: figures.registeredVoters,
    ballotsReceived: figures.ballotsReceived,
    ballotsCast: figures.ballotsCast,
    ballotsUnused: figures.ballotsUnused,
    ballotsSpoiled: figures.ballotsSpoiled,
    invalidBallots: figures.invalidBallots,
    validBallots: figures.validBallots,
    votes,
    note: row.note,
    findings: row.findings.map((code) => describeFinding(code, figures, election.thresholds)),
    provenance: {
      importId: row.import_id,
      rowNumber: row.row_number,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
      reason: row.reason,
      scanSha256: row.scan_sha256,
    },
  };
}
