import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AuthenticatedUser } from '@app/identity';
import type { DeadlinePolicy } from '@app/elections';
import { preparedQuery } from '@app/platform';
import { timeLeft } from '@app/elections';
import { Case } from './case.entity';
import type { SheetSnapshot } from './case-station.entity';
import { factsOf, FactsRow, factsSql } from './case-facts';
import { nextDeadline } from './deadlines/case-deadline';
import { CaseDto, DeadlineDto, LinkedStationDto, SheetFiguresDto } from './dto/case.dto';
import { currentOfficial, SHEETS_JSON } from './linking/case-links.service';
import { actorFor } from './policy/case-visibility';
import { allowedActions } from './workflow/case-workflow';

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

/** Elections are few; a bound all the same. */
const MAX_REMEMBERED_ELECTIONS = 100;

export type ViewRow = FactsRow & { assignee: string | null; merged_into: string | null } & {
  [K in keyof LinkRow]: LinkRow[K] | null;
};

/**
 * What the view reads besides the case row, for the case whose id, assignee and lead case are the SQL
 * expressions given: the facts, the assignee's and the lead case's names on every row, a row per link (or
 * one row with no link), in no order (`ORDER BY code` is the caller's).
 */
export const viewSql = (id: string, assigneeId: string, mergedIntoId: string) =>
  `SELECT f.*, a.username AS assignee, m.reference AS merged_into,
          p.code, p.name, p.commune_code, p.province_code, l.snapshot, l.snapshot_at, ${SHEETS_JSON} AS current
     FROM (${factsSql(id)}) f
     LEFT JOIN users a ON a.id = ${assigneeId}
     LEFT JOIN cases m ON m.id = ${mergedIntoId}
     LEFT JOIN case_stations l ON l.case_id = ${id}
     -- Each link's station by its key (LIMIT keeps the lookup per link): as a join, the planner could hash
     -- every station of the election for the ten a case links.
     LEFT JOIN LATERAL (
       SELECT s.id, s.code, s.name, s.commune_code, s.province_code FROM polling_stations s WHERE s.id = l.station_id LIMIT 1
     ) p ON true`;

/** Builds the case as its caller may see it: figures then and now, deadline, allowed actions. */
@Injectable()
export class CaseViewService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Elections loaded in the current transaction, by id: a transition and the view it answers with read the
   * same election; nothing in a case's transaction changes it. Outside a transaction nothing is kept.
   */
  private readonly electionsOfTransaction = new WeakMap<object, Map<number, Promise<ElectionFacts>>>();

  /**
   * The last election of each id this process loaded, with its version. Every change of an election bumps
   * its version (ElectionsService saves it; its parties never change), so a caller that read the version in
   * its own transaction gets exactly what a load would give, without the round trip.
   */
  private readonly electionsByVersion = new Map<number, { version: number; facts: ElectionFacts }>();

  /** The election, as of `version` when the caller read it (then usually from memory). */
  election(electionId: number, version?: number): Promise<ElectionFacts> {
    const known = this.electionsByVersion.get(electionId);
    const remembered = version !== undefined && known?.version === version ? known.facts : undefined;
    if (!this.txHost.isTransactionActive())
      return remembered ? Promise.resolve(remembered) : this.loadElection(electionId);
    let loaded = this.electionsOfTransaction.get(this.txHost.tx);
    if (!loaded) this.electionsOfTransaction.set(this.txHost.tx, (loaded = new Map()));
    let election = loaded.get(electionId);
    if (!election) {
      election = remembered ? Promise.resolve(remembered) : this.loadElection(electionId);
      loaded.set(electionId, election);
      // A failed load is not remembered.
      election.catch(() => loaded.delete(electionId));
    }
    return election;
  }

  private async loadElection(electionId: number): Promise<ElectionFacts> {
    const [row]: {
      id: number;
      code: string;
      kind: string;
      version: number;
      deadline_policy: DeadlinePolicy;
      party_codes: string[];
    }[] = await this.txHost.tx.query(
      `SELECT e.id, e.code, e.kind, e.version, e.deadline_policy,
              coalesce(array_agg(p.code ORDER BY p.position) FILTER (WHERE p.code IS NOT NULL), '{}') AS party_codes
         FROM elections e LEFT JOIN parties p ON p.election_id = e.id
        WHERE e.id = $1 GROUP BY e.id`,
      [electionId],
    );
    const facts = {
      id: row.id,
      code: row.code,
      kind: row.kind,
      partyCodes: row.party_codes,
      policy: row.deadline_policy,
    };
    if (this.electionsByVersion.size >= MAX_REMEMBERED_ELECTIONS) this.electionsByVersion.clear();
    this.electionsByVersion.set(row.id, { version: row.version, facts });
    return facts;
  }

  /** `election`: when the caller has it already (a transition, which read its version). */
  async toDto(c: Case, user: AuthenticatedUser, known?: ElectionFacts, now = new Date()): Promise<CaseDto> {
    const election = known?.id === c.electionId ? known : await this.election(c.electionId);
    // One round trip.
    const rows = await preparedQuery<ViewRow>(this.txHost.tx, `${viewSql('$1', '$2', '$3')} ORDER BY p.code`, [
      c.id,
      c.assigneeId,
      c.mergedIntoId,
    ]);
    return this.fromView(c, rows, user, election, now);
  }

  /** The answer from the view's rows (`viewSql`, ordered by station code), read by the caller. */
  fromView(c: Case, rows: ViewRow[], user: AuthenticatedUser, election: ElectionFacts, now = new Date()): CaseDto {
    const links = rows.filter((r): r is ViewRow & LinkRow => r.code !== null);
    const facts = factsOf(c, rows[0], election.policy, now);
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
      assignee: rows[0].assignee,
      nextDeadline: deadline ? deadlineDto(deadline, now) : null,
      materiality: { ratio: c.materiality, material: (c.materiality ?? 0) >= 1, units: c.materialityUnits },
      linkedStations: links.map((l) => linkedStation(l, election.partyCodes)),
      hearing: c.hearing ? { ...c.hearing } : null,
      appeal: c.appeal ? { ...c.appeal } : null,
      closingReason: c.closingReason,
      mergedInto: rows[0].merged_into,
      filedAt: c.filedAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
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
