import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AreaLevel, ContestLevel, ElectionThresholds } from '@app/elections';
import { ElectionsService } from '@app/elections';
import { Problem } from '@app/platform';
import { unknownPartySource } from '../sheets/sheet-sources';
import type { SeatMethod } from '../seats';

/** What every read of an election's results needs to know about the election. */
export interface ElectionScope {
  id: number;
  code: string;
  seatMethod: SeatMethod;
  contestLevel: ContestLevel;
  thresholds: ElectionThresholds;
  /** In ballot order: the order of every sheet's votes array. */
  partyCodes: string[];
}

/** An `?area=` filter, resolved. */
export interface AreaScope {
  code: string;
  level: AreaLevel;
  nameEn: string;
  nameKm: string | null;
  seats: number | null;
  parentCode: string | null;
  /** The province the area lies in (itself for a province). */
  provinceCode: string;
}

interface AreaRow {
  code: string;
  level: AreaLevel;
  name_en: string;
  name_km: string | null;
  seats: number | null;
  parent_code: string | null;
  province_code: string;
}

/** Resolves the election, area and source of a results read, answering 404 or 400 for unknown ones. */
@Injectable()
export class ElectionScopeService {
  constructor(
    private readonly elections: ElectionsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async election(code: string): Promise<ElectionScope> {
    const election = await this.elections.find(code);
    const parties = await this.elections.partiesOf([election.id]);
    return {
      id: election.id,
      code: election.code,
      seatMethod: election.seatMethod,
      contestLevel: election.contestLevel,
      thresholds: election.thresholds,
      partyCodes: parties.map((p) => p.code),
    };
  }

  /** Null without a filter; 404 for an area the election does not have. */
  async area(election: ElectionScope, code: string | undefined): Promise<AreaScope | null> {
    return code === undefined ? null : this.requireArea(election, code);
  }

  async requireArea(election: ElectionScope, code: string): Promise<AreaScope> {
    const [row] = await this.txHost.tx.query<AreaRow[]>(
      `SELECT a.code, a.level, a.name_en, a.name_km, a.seats, a.parent_code,
              CASE a.level WHEN 'province' THEN a.code WHEN 'district' THEN a.parent_code ELSE p.parent_code END
                AS province_code
       FROM areas a LEFT JOIN areas p ON p.election_id = a.election_id AND p.code = a.parent_code
       WHERE a.election_id = $1 AND a.code = $2`,
      [election.id, code],
    );
    if (!row) throw Problem.notFound(`Election ${election.code} has no area "${code}".`);
    return {
      code: row.code,
      level: row.level,
      nameEn: row.name_en,
      nameKm: row.name_km,
      seats: row.seats,
      parentCode: row.parent_code,
      provinceCode: row.province_code,
    };
  }

  /** The query DTO checked the form of `source`; a party's copy must also name one of its parties. */
  checkSource(election: ElectionScope, source: string): void {
    const problem = unknownPartySource(source, election.partyCodes, election.code);
    if (problem) throw Problem.validation([problem]);
  }

  /**
   * Whole-election statements cost enough for PostgreSQL to JIT-compile them, which adds far more
   * time than it saves on joins this size. Call inside a transaction: SET LOCAL ends with it.
   */
  async withoutJit(): Promise<void> {
    await this.txHost.tx.query('SET LOCAL jit = off');
  }
}
