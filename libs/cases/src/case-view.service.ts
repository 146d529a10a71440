import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AuthenticatedUser } from '@app/identity';
import type { DeadlinePolicy } from '@app/elections';
import { timeLeft } from '@app/elections';
import { Case } from './case.entity';
import type { SheetSnapshot } from './case-station.entity';
import { nextDeadline, appealWindow } from './deadlines/case-deadline';
import { CaseDto, DeadlineDto, LinkedStationDto, SheetFiguresDto } from './dto/case.dto';
import { currentOfficial, SHEETS_JSON } from './linking/case-links.service';
import { actorFor } from './policy/case-visibility';
import { allowedActions, CaseFacts } from './workflow/case-workflow';

/** What the views need of a case's election. */
export interface ElectionFacts {
  id: number;
  code: string;
  kind: string;
  partyCodes: string[];
  policy: DeadlinePolicy;
}

interface LinkRow {
  code: string;
  name: string;
  commune_code: string;
  province_code: string;
  snapshot: SheetSnapshot[];
  snapshot_at: Date | null;
  current: SheetSnapshot[];
}

/** Builds the case as its caller may see it: figures then and now, deadline, allowed actions. */
@Injectable()
export class CaseViewService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Elections loaded in the current transaction, by id: a transition and the view it answers with read the
   * same election; nothing in a case's transaction changes it. Outside a transaction nothing is kept.
   */
  private readonly electionsOfTransaction = new WeakMap<object, Map<number, Promise<ElectionFacts>>>();

  election(electionId: number): Promise<ElectionFacts> {
    if (!this.txHost.isTransactionActive()) return this.loadElection(electionId);
    let loaded = this.electionsOfTransaction.get(this.txHost.tx);
    if (!loaded) this.electionsOfTransaction.set(this.txHost.tx, (loaded = new Map()));
    let election = loaded.get(electionId);
    if (!election) {
      election = this.loadElection(electionId);
      loaded.set(electionId, election);
      // A failed load is not remembered.
      election.catch(() => loaded.delete(electionId));
    }
    return election;
  }

  private async loadElection(electionId: number): Promise<ElectionFacts> {
    const [row]: { id: number; code: string; kind: string; deadline_policy: DeadlinePolicy; party_codes: string[] }[] =
      await this.txHost.tx.query(
        `SELECT e.id, e.code, e.kind, e.deadline_policy,
                coalesce(array_agg(p.code ORDER BY p.position) FILTER (WHERE p.code IS NOT NULL), '{}') AS party_codes
           FROM elections e LEFT JOIN parties p ON p.election_id = e.id
          WHERE e.id = $1 GROUP BY e.id`,
        [electionId],
      );
    return { id: row.id, code: row.code, kind: row.kind, partyCodes: row.party_codes, policy: row.deadline_policy };
  }

  /** The facts the workflow's guards read. */
  async facts(c: Case, policy: DeadlinePolicy, now = new Date()): Promise<CaseFacts> {
    const [row]: {
      outcome: string | null;
      reasoning: string | null;
      proposed_by: string | null;
      open_recounts: number;
      linked_stations: number;
    }[] = await this.txHost.tx.query(
      `SELECT d.outcome, d.reasoning, d.proposed_by,
                (SELECT count(*)::int FROM recounts r WHERE r.case_id = $1 AND r.state NOT IN ('certified', 'cancelled')) AS open_recounts,
                (SELECT count(*)::int FROM case_stations l WHERE l.case_id = $1) AS linked_stations
           FROM (SELECT 1) one LEFT JOIN decisions d ON d.case_id = $1 AND d.amends_id IS NULL`,
      [c.id],
    );
    return {
      state: c.state,
      missingForSubmit: missingForSubmit(c, row.linked_stations),
      decisionDraft: !row.outcome
        ? 'none'
        : row.reasoning && row.reasoning.trim().length > 0
          ? 'complete'
          : 'incomplete',
      decisionProposerId: row.proposed_by,
      appealWindow: appealWindow(c, policy, now),
      remediesOutstanding: row.open_recounts,
    };
  }

  async toDto(c: Case, user: AuthenticatedUser, now = new Date()): Promise<CaseDto> {
    const election = await this.election(c.electionId);
    const links: LinkRow[] = await this.txHost.tx.query(
      `SELECT p.code, p.name, p.commune_code, p.province_code, l.snapshot, l.snapshot_at, ${SHEETS_JSON} AS current
         FROM case_stations l JOIN polling_stations p ON p.id = l.station_id
        WHERE l.case_id = $1 ORDER BY p.code`,
      [c.id],
    );
    const people: { id: string; username: string }[] = await this.txHost.tx.query(
      `SELECT id, username FROM users WHERE id = ANY($1::uuid[])`,
      [[c.assigneeId, c.mergedIntoId].filter(Boolean)],
    );
    const [merged]: { reference: string }[] = c.mergedIntoId
      ? await this.txHost.tx.query(`SELECT reference FROM cases WHERE id = $1`, [c.mergedIntoId])
      : [];
    const facts = await this.facts(c, election.policy, now);
    const deadline = nextDeadline(c, election.policy);
    return {
      id: c.id,
      reference: c.reference,
      electionCode: election.code,
      kind: c.kind,
      category: c.category,
      title: c.title,
      description: c.description,
      incidentDate: c.incidentDate,
      requestedRemedy: c.requestedRemedy,
      complainant: {
        kind: c.complainantKind,
        ...(c.complainantPartyCode ? { partyCode: c.complainantPartyCode } : {}),
        ...(c.complainantOrganisation ? { organisation: c.complainantOrganisation } : {}),
      },
      respondentPartyCode: c.respondentPartyCode,
      state: c.state,
      version: c.version,
      allowedActions: allowedActions(facts, actorFor(c, user)),
      late: c.late,
      overdue: c.overdue,
      assignee: people.find((p) => p.id === c.assigneeId)?.username ?? null,
      nextDeadline: deadline ? deadlineDto(deadline, now) : null,
      materiality: { ratio: c.materiality, material: (c.materiality ?? 0) >= 1, units: c.materialityUnits },
      linkedStations: links.map((l) => linkedStation(l, election.partyCodes)),
      hearing: c.hearing ? { ...c.hearing } : null,
      appeal: c.appeal ? { ...c.appeal } : null,
      closingReason: c.closingReason,
      mergedInto: merged?.reference ?? null,
      filedAt: c.filedAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

/** Fields a draft must have before it is filed. */
export function missingForSubmit(c: Case, linkedStations: number): string[] {
  const missing: string[] = [];
  if (!c.title) missing.push('title');
  if (!c.description) missing.push('description');
  if (!c.incidentDate) missing.push('incidentDate');
  if (!c.requestedRemedy) missing.push('requestedRemedy');
  if (c.kind === 'recount_request' && linkedStations === 0) missing.push('stationCodes');
  return missing;
}

function deadlineDto(deadline: NonNullable<ReturnType<typeof nextDeadline>>, now: Date): DeadlineDto {
  return {
    window: deadline.window,
    dueAt: deadline.dueAt?.toISOString() ?? null,
    timeLeftMs: deadline.paused ? deadline.remainingMs : timeLeft(deadline.dueAt, now),
    paused: deadline.paused,
    explanation: deadline.explanation as unknown as Record<string, unknown>,
  };
}

export function sheetFigures(
  sheet: SheetSnapshot,
  partyCodes: readonly string[],
  official: SheetSnapshot | null,
): SheetFiguresDto {
  const votes: Record<string, number> = {};
  partyCodes.forEach((code, i) => (votes[code] = sheet.votes[i] ?? 0));
  return {
    sheetId: sheet.sheetId,
    source: sheet.source,
    version: sheet.version,
    registeredVoters: sheet.registeredVoters,
    ballotsCast: sheet.ballotsCast,
    invalidBallots: sheet.invalidBallots,
    validBallots: sheet.validBallots,
    votes,
    findings: sheet.findings,
    isCurrentOfficial: official?.sheetId === sheet.sheetId,
  };
}

function linkedStation(l: LinkRow, partyCodes: readonly string[]): LinkedStationDto {
  const thenOfficial = currentOfficial(l.snapshot);
  const nowOfficial = currentOfficial(l.current);
  const ids = (sheets: SheetSnapshot[]) =>
    sheets
      .map((s) => s.sheetId)
      .sort()
      .join(',');
  return {
    stationCode: l.code,
    stationName: l.name,
    communeCode: l.commune_code,
    provinceCode: l.province_code,
    snapshot: l.snapshot.map((s) => sheetFigures(s, partyCodes, thenOfficial)),
    snapshotAt: l.snapshot_at?.toISOString() ?? null,
    current: l.current.map((s) => sheetFigures(s, partyCodes, nowOfficial)),
    changedSinceFiling: ids(l.snapshot) !== ids(l.current),
  };
}
