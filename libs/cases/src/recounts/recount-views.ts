import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AuthenticatedUser } from '@app/identity';
import { ContestUnitsService, ElectionScopeService, sheetDifferences, type SheetFigures } from '@app/results';
import type { Case } from '../case.entity';
import { CaseViewService } from '../case-view.service';
import { isCaseworker } from '../policy/case-visibility';
import { TERMINAL_STATES } from '../workflow/case-terms';
import { RecountDto, RecountSheetDto } from './dto/recount.dto';
import type { Recount } from './recount.entity';
import { allocationChange } from './recount-sheet';
import { RecountSheets, SheetRow } from './recount-sheets';
import { allowedRecountActions } from './recount-workflow';

interface StationRow {
  id: number;
  code: string;
  name: string;
  commune_code: string;
  province_code: string;
}

/** A case's recounts as its caller may see them: figures beside the sheet they replace, seats before and after. */
@Injectable()
export class RecountViews {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly views: CaseViewService,
    private readonly scopes: ElectionScopeService,
    private readonly contestUnits: ContestUnitsService,
    private readonly sheets: RecountSheets,
  ) {}

  async toDtos(c: Case, recounts: readonly Recount[], user: AuthenticatedUser): Promise<RecountDto[]> {
    if (recounts.length === 0) return [];
    const election = await this.scopes.election((await this.views.election(c.electionId)).code);
    const stationIds = [...new Set(recounts.map((r) => r.stationId))];
    const stations: StationRow[] = await this.txHost.tx.query(
      `SELECT id, code, name, commune_code, province_code FROM polling_stations WHERE id = ANY($1::int[])`,
      [stationIds],
    );
    const stationById = new Map(stations.map((s) => [s.id, s]));
    const official = await this.sheets.officialOf(c.electionId, stationIds);
    const entered = await this.sheets.byIds(
      recounts.flatMap((r) => [r.sheetId, r.replacedSheetId]).filter((id): id is string => id !== null),
    );
    const units = new Map<string, Awaited<ReturnType<ContestUnitsService['summaries']>>[number] | null>();
    const unitOf = async (areaCode: string) => {
      if (!units.has(areaCode)) {
        const [summary] = await this.contestUnits.summaries(election, { unit: areaCode });
        units.set(areaCode, summary ?? null);
      }
      return units.get(areaCode)!;
    };
    const mayAct = isCaseworker(user);
    const caseClosed = TERMINAL_STATES.includes(c.state);
    const items: RecountDto[] = [];
    for (const r of recounts) {
      const station = stationById.get(r.stationId)!;
      const figures = r.sheetId ? (entered.get(r.sheetId) ?? null) : null;
      const replaces = r.replacedSheetId
        ? (entered.get(r.replacedSheetId) ?? null)
        : figures
          ? null
          : (official.get(r.stationId) ?? null);
      let allocation: RecountDto['allocation'] = null;
      if (figures) {
        const areaCode = election.contestLevel === 'commune' ? station.commune_code : station.province_code;
        const unit = await unitOf(areaCode);
        if (unit) {
          allocation = allocationChange({
            areaCode,
            seats: unit.seats,
            method: election.seatMethod,
            partyCodes: election.partyCodes,
            unitTotals: unit.totals,
            stationNow: official.get(r.stationId)?.votes ?? null,
            replaced: replaces?.votes ?? null,
            recount: figures.votes,
          });
        }
      }
      items.push({
        id: r.id,
        caseReference: c.reference,
        stationCode: station.code,
        stationName: station.name,
        state: r.state,
        version: r.version,
        scheduledAt: r.scheduledAt?.toISOString() ?? null,
        place: r.place,
        cancelReason: r.cancelReason,
        certifiedAt: r.certifiedAt?.toISOString() ?? null,
        orderedAt: r.createdAt.toISOString(),
        replaces: replaces ? sheetDto(replaces, election.partyCodes) : null,
        figures: figures ? sheetDto(figures, election.partyCodes) : null,
        differences:
          figures && replaces ? sheetDifferences(figuresOf(replaces), figuresOf(figures), election.partyCodes) : [],
        allocation,
        allocationChanged: allocation ? allocation.changed : null,
        allowedActions: mayAct
          ? allowedRecountActions(r.state, user.role).filter((a) => !caseClosed || a === 'cancel')
          : [],
      });
    }
    return items;
  }
}

function figuresOf(row: SheetRow): SheetFigures {
  return {
    registeredVoters: row.registered_voters,
    ballotsReceived: row.ballots_received,
    ballotsCast: row.ballots_cast,
    ballotsUnused: row.ballots_unused,
    ballotsSpoiled: row.ballots_spoiled,
    invalidBallots: row.invalid_ballots,
    validBallots: row.valid_ballots,
    votes: row.votes,
  };
}

function sheetDto(row: SheetRow, partyCodes: readonly string[]): RecountSheetDto {
  const votes: Record<string, number> = {};
  partyCodes.forEach((code, i) => (votes[code] = row.votes[i] ?? 0));
  return {
    sheetId: row.id,
    source: row.source,
    version: row.version,
    ...figuresOf(row),
    votes,
    findings: row.findings,
    certifiedAt: row.certified_at ? new Date(row.certified_at).toISOString() : null,
  };
}
