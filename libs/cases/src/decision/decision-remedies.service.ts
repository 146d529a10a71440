import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Problem } from '@app/platform';
import { ElectionScopeService, SheetVersions, type SheetFigures } from '@app/results';
import { Case } from '../case.entity';
import { CaseViewService } from '../case-view.service';
import { CaseLinksService } from '../linking/case-links.service';
import { Recount } from '../recounts/recount.entity';
import { RecountSheets } from '../recounts/recount-sheets';
import { Decision, Remedy } from './decision.entity';
import { DecisionRemedy } from './decision-remedy.entity';
import { parseRemedies } from './remedy-figures';

export type RemedyStatus = 'pending' | 'done' | 'cancelled';

export interface RemedyView {
  kind: Remedy['kind'];
  stationCodes: string[];
  status: RemedyStatus;
  /** The decision (or amendment) that ordered it. */
  decisionId: string;
  recountIds: string[];
  sheetIds: string[];
  appliedAt: string;
}

/**
 * The remedies of a published decision, applied in its transaction and tracked to completion
 * (DOMAIN.md "Decisions"): a recount is a task until certified or cancelled; a result correction
 * and an annulment are new official_final versions of the stations' sheets, done at once.
 */
@Injectable()
export class DecisionRemediesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly views: CaseViewService,
    private readonly links: CaseLinksService,
    private readonly sheets: RecountSheets,
    private readonly scopes: ElectionScopeService,
    private readonly versions: SheetVersions,
  ) {}

  /** 422 by field unless every station exists and every result correction carries a full sheet per station. */
  async validate(c: Case, remedies: readonly Remedy[]): Promise<void> {
    for (const [i, remedy] of remedies.entries()) {
      await this.links.resolveStations(c.electionId, remedy.stationCodes, `remedies[${i}].stationCodes`);
    }
    const parsed = parseRemedies(remedies, (await this.views.election(c.electionId)).partyCodes);
    if (!parsed.ok) throw Problem.unprocessable('The remedies are not complete.', parsed.errors);
  }

  /** Applies the remedies of a decision being published; returns what it did, for the audit entry. */
  @Transactional(Propagation.Mandatory)
  async apply(c: Case, decision: Decision, actorId: string, decisionReference: string): Promise<RemedyView[]> {
    const election = await this.views.election(c.electionId);
    const parsed = parseRemedies(decision.remedies, election.partyCodes);
    if (!parsed.ok) throw Problem.unprocessable('The remedies are not complete.', parsed.errors);
    const repo = this.txHost.tx.getRepository(DecisionRemedy);
    const applied: DecisionRemedy[] = [];
    const changedStations: number[] = [];
    for (const [i, remedy] of decision.remedies.entries()) {
      const stations = await this.links.resolveStations(c.electionId, remedy.stationCodes);
      const row = repo.create({
        decisionId: decision.id,
        caseId: c.id,
        kind: remedy.kind,
        stationCodes: [...remedy.stationCodes],
      });
      if (remedy.kind === 'recount') {
        row.recountIds = await this.orderRecounts(c, [...stations.values()], actorId);
      } else {
        const current = await this.sheets.officialOf(c.electionId, [...stations.values()]);
        row.sheetIds = [];
        for (const code of remedy.stationCodes) {
          const stationId = stations.get(code)!;
          const figures =
            remedy.kind === 'result_correction'
              ? parsed.corrections.get(i)!.get(code)!
              : annulled(current.get(stationId)?.registered_voters ?? 0, election.partyCodes.length);
          const reason = `${remedy.kind === 'result_correction' ? 'result correction' : 'annulled'} by decision ${decisionReference}`;
          const source = 'official_final';
          const electionId = c.electionId;
          row.sheetIds.push(
            await this.versions.add({ electionId, stationId, source, figures, createdBy: actorId, reason }),
          );
        }
        changedStations.push(...stations.values());
      }
      applied.push(await repo.save(row));
    }
    if (changedStations.length > 0) {
      // The units' margins moved with their totals, and the materiality of the cases there with them.
      await this.links.remeasureUnitsOf(await this.scopes.election(election.code), changedStations, c.id);
    }
    return this.toViews(applied);
  }

  async list(caseId: string): Promise<RemedyView[]> {
    const rows = await this.txHost.tx
      .getRepository(DecisionRemedy)
      .find({ where: { caseId }, order: { appliedAt: 'ASC', kind: 'ASC', id: 'ASC' } });
    return this.toViews(rows);
  }

  private async toViews(rows: DecisionRemedy[]): Promise<RemedyView[]> {
    const ids = rows.flatMap((r) => r.recountIds);
    const states = new Map<string, string>(
      ids.length === 0
        ? []
        : (
            (await this.txHost.tx.query(`SELECT id, state FROM recounts WHERE id = ANY($1::uuid[])`, [ids])) as {
              id: string;
              state: string;
            }[]
          ).map((r) => [r.id, r.state]),
    );
    return rows.map((r) => ({
      kind: r.kind,
      stationCodes: r.stationCodes,
      status: statusOf(r, states),
      decisionId: r.decisionId,
      recountIds: r.recountIds,
      sheetIds: r.sheetIds.map(String),
      appliedAt: r.appliedAt.toISOString(),
    }));
  }

  /** A recount task per station, unless the case already has an open one for it. */
  private async orderRecounts(c: Case, stationIds: number[], actorId: string): Promise<string[]> {
    const open: { id: string; station_id: number }[] = await this.txHost.tx.query(
      `SELECT id, station_id FROM recounts
        WHERE case_id = $1 AND station_id = ANY($2::int[]) AND state NOT IN ('certified', 'cancelled')`,
      [c.id, stationIds],
    );
    const recounts = this.txHost.tx.getRepository(Recount);
    const created = await recounts.save(
      stationIds
        .filter((id) => !open.some((o) => o.station_id === id))
        .map((stationId) => recounts.create({ caseId: c.id, stationId, state: 'ordered', orderedBy: actorId })),
    );
    return [...open.map((o) => o.id), ...created.map((r) => r.id)];
  }
}

/** An annulled station: no ballot of it counts. Its registered voters stay, so turnout reads 0. */
function annulled(registeredVoters: number, parties: number): SheetFigures {
  return {
    registeredVoters,
    ballotsReceived: null,
    ballotsCast: 0,
    ballotsUnused: null,
    ballotsSpoiled: null,
    invalidBallots: 0,
    validBallots: 0,
    votes: Array.from({ length: parties }, () => 0),
  } as unknown as SheetFigures;
}

function statusOf(r: DecisionRemedy, states: Map<string, string>): RemedyStatus {
  if (r.kind !== 'recount') return 'done';
  const of = r.recountIds.map((id) => states.get(id));
  if (of.some((s) => s !== 'certified' && s !== 'cancelled')) return 'pending';
  return of.length > 0 && of.every((s) => s === 'cancelled') ? 'cancelled' : 'done';
}
