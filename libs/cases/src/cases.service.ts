import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditTrail } from '@app/audit';
import type { AuthenticatedUser } from '@app/identity';
import { decodeCursor, OutboxService, Problem, toPage } from '@app/platform';
import { ElectionScopeService } from '@app/results';
import { Case } from './case.entity';
import { CaseFinder } from './case-finder';
import { CaseViewService } from './case-view.service';
import { CaseTransitionsService } from './case-transitions.service';
import { CaseDto, CasePageDto, CaseSummaryDto } from './dto/case.dto';
import { CaseListQuery } from './dto/case-list.query';
import { CreateCaseDto, UpdateDraftDto } from './dto/create-case.dto';
import { CaseLinksService } from './linking/case-links.service';
import { maySeeHistoryEntry, standingOf } from './policy/case-record-access';
import { isCaseworker, visibleCasesSql } from './policy/case-visibility';
import { staleVersion } from './case-problems';

export const CASE_FILED = 'cases.case_created';

/** Filing, editing drafts, reading and listing cases. Transitions live in CaseTransitionsService. */
@Injectable()
export class CasesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly scopes: ElectionScopeService,
    private readonly links: CaseLinksService,
    private readonly finder: CaseFinder,
    private readonly views: CaseViewService,
    private readonly transitions: CaseTransitionsService,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxService,
  ) {}

  @Transactional()
  async create(user: AuthenticatedUser, input: CreateCaseDto): Promise<CaseDto> {
    if (user.role !== 'party_agent' && user.role !== 'observer') {
      throw Problem.forbidden('Cases are filed by party agents and observer organisations.');
    }
    const election = await this.electionFor(input.electionCode);
    this.checkParties(user, election.partyCodes, input.respondentPartyCode);
    const stations = await this.links.resolveStations(election.id, input.stationCodes ?? []);
    const cases = this.txHost.tx.getRepository(Case);
    const c = await cases.save(
      cases.create({
        electionId: election.id,
        kind: input.kind,
        category: input.category,
        title: input.title ?? null,
        description: input.description ?? null,
        incidentDate: input.incidentDate ?? null,
        requestedRemedy: input.requestedRemedy ?? null,
        complainantKind: user.role === 'party_agent' ? 'party' : 'observer',
        complainantPartyCode: user.role === 'party_agent' ? user.partyCode : null,
        complainantOrganisation: user.role === 'observer' ? user.organisation : null,
        respondentPartyCode: input.respondentPartyCode ?? null,
        createdBy: user.id,
        state: 'draft',
      }),
    );
    if (input.submit) {
      // Filed at once: `submit`, in this transaction, takes the snapshots and measures the case.
      await this.links.attach(c.id, [...stations.values()]);
    } else {
      const linked = await this.links.link(c.id, election, [...stations.values()]);
      await cases.update(c.id, {
        provinceCodes: linked.provinceCodes,
        materiality: linked.materiality.ratio,
        materialityUnits: linked.materiality.units,
      });
    }
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: 'create',
      toState: 'draft',
      after: { ...input, submit: undefined },
    });
    await this.outbox.append(CASE_FILED, { caseId: c.id, electionId: election.id });
    if (input.submit) return this.transitions.transition(user, c.id, { action: 'submit', expectedVersion: 1 });
    return this.views.toDto((await cases.findOneByOrFail({ id: c.id }))!, user);
  }

  @Transactional()
  async updateDraft(user: AuthenticatedUser, referenceOrId: string, input: UpdateDraftDto): Promise<CaseDto> {
    const c = await this.finder.find(referenceOrId, user);
    if (c.state !== 'draft')
      throw Problem.conflict(
        'Only a draft can be edited; a filed case changes through its workflow.',
        'illegal-transition',
      );
    const election = await this.scopes.election((await this.views.election(c.electionId)).code);
    const { expectedVersion, stationCodes, ...fields } = input;
    this.checkParties(user, election.partyCodes, fields.respondentPartyCode);
    const before = { ...c };
    const patch: Partial<Case> = { ...fields };
    if (stationCodes) {
      const stations = await this.links.resolveStations(election.id, stationCodes);
      const linked = await this.links.link(c.id, election, [...stations.values()]);
      Object.assign(patch, {
        provinceCodes: linked.provinceCodes,
        materiality: linked.materiality.ratio,
        materialityUnits: linked.materiality.units,
      });
    }
    const updated = await this.txHost.tx
      .createQueryBuilder()
      .update(Case)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id AND state = :state AND version = :version', {
        id: c.id,
        state: 'draft',
        version: expectedVersion,
      })
      .returning('id')
      .execute();
    if (updated.raw.length === 0) throw staleVersion(c.version);
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: 'edit',
      fromState: 'draft',
      toState: 'draft',
      before: pick(before, Object.keys(input)),
      after: { ...input },
    });
    return this.views.toDto(await this.txHost.tx.getRepository(Case).findOneByOrFail({ id: c.id }), user);
  }

  async get(user: AuthenticatedUser, referenceOrId: string): Promise<CaseDto> {
    return this.views.toDto(await this.finder.find(referenceOrId, user), user);
  }

  async list(user: AuthenticatedUser, query: CaseListQuery): Promise<CasePageDto> {
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const where = [visibleCasesSql(user, param)];
    if (query.election) where.push(`e.code = ${param(query.election)}`);
    if (query.state) where.push(`c.state = ${param(query.state)}`);
    if (query.kind) where.push(`c.kind = ${param(query.kind)}`);
    if (query.area) where.push(`c.province_codes @> ARRAY[${param(query.area)}]::text[]`);
    if (query.overdue !== undefined) where.push(`c.overdue = ${param(query.overdue)}`);
    if (query.assignee) {
      where.push(
        query.assignee === 'me'
          ? `c.assignee_id = ${param(user.id)}`
          : `c.assignee_id = (SELECT id FROM users WHERE username = ${param(query.assignee.toLowerCase())})`,
      );
    }
    const order = SORTS[query.sort];
    if (query.cursor) {
      const [key, id] = decodeCursor(query.cursor, 2);
      where.push(order.after(param(key), param(id)));
    }
    const rows: SummaryRow[] = await this.txHost.tx.query(
      `SELECT c.id, c.reference, e.code AS election_code, c.kind, c.category, c.title, c.state, c.version, c.late,
              c.overdue, c.materiality, u.username AS assignee, c.province_codes, c.filed_at, c.due_at,
              ${order.key} AS sort_key
         FROM cases c JOIN elections e ON e.id = c.election_id LEFT JOIN users u ON u.id = c.assignee_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${order.orderBy}
        LIMIT ${param(query.limit + 1)}`,
      values,
    );
    const page = toPage(rows, query.limit, (r) => [r.sort_key, r.id]);
    return { items: page.items.map(summary), nextCursor: page.nextCursor };
  }

  /** Cases of the same election sharing a linked station and the category (DOMAIN.md "bulk filings"). */
  async duplicates(user: AuthenticatedUser, referenceOrId: string): Promise<DuplicatesDto> {
    const c = await this.finder.find(referenceOrId, user);
    const values: unknown[] = [c.id];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const rows: (SummaryRow & { shared: string[] })[] = await this.txHost.tx.query(
      `WITH mine AS (SELECT station_id FROM case_stations WHERE case_id = $1),
            self AS (SELECT election_id, category FROM cases WHERE id = $1)
       SELECT c.id, c.reference, e.code AS election_code, c.kind, c.category, c.title, c.state, c.version, c.late,
              c.overdue, c.materiality, u.username AS assignee, c.province_codes, c.filed_at, c.due_at, c.filed_at AS sort_key,
              array_agg(p.code ORDER BY p.code) AS shared
         FROM cases c JOIN self ON self.election_id = c.election_id AND self.category = c.category
         JOIN elections e ON e.id = c.election_id
         JOIN case_stations l ON l.case_id = c.id AND l.station_id IN (SELECT station_id FROM mine)
         JOIN polling_stations p ON p.id = l.station_id
         LEFT JOIN users u ON u.id = c.assignee_id
        WHERE c.id <> $1 AND c.state NOT IN ('draft', 'merged', 'withdrawn') AND ${visibleCasesSql(user, param)}
        GROUP BY c.id, e.code, u.username
        ORDER BY c.filed_at NULLS LAST, c.id
        LIMIT 500`,
      values,
    );
    return {
      reference: c.reference,
      items: rows.map((r) => ({ ...summary(r), sharedStations: r.shared })),
    };
  }

  async history(user: AuthenticatedUser, referenceOrId: string) {
    const c = await this.finder.find(referenceOrId, user);
    const standing = standingOf(c, user);
    // Entries about notes and evidence the caller may not read are left out (the seq shows the gap).
    const entries = (await this.audit.history('case', c.id)).filter((e) => maySeeHistoryEntry(e, standing));
    const actors: { id: string; username: string }[] = await this.txHost.tx.query(
      `SELECT id, username FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(entries.map((e) => e.actorId).filter(Boolean))]],
    );
    const names = new Map(actors.map((a) => [a.id, a.username]));
    const caseworker = isCaseworker(user);
    return {
      reference: c.reference,
      items: entries.map((e) => ({
        seq: e.seq,
        action: e.action,
        from: e.fromState,
        to: e.toState,
        actor: e.actorId ? (names.get(e.actorId) ?? null) : 'system',
        actorRole: e.actorRole,
        at: e.at.toISOString(),
        reason: e.reason,
        // The before/after of internal steps (notes, assignments) are for caseworkers.
        ...(caseworker ? { before: e.before, after: e.after } : {}),
        hash: e.hash,
        prevHash: e.prevHash,
      })),
    };
  }

  private async electionFor(code: string) {
    try {
      return await this.scopes.election(code);
    } catch (error) {
      if (error instanceof Problem && error.getStatus() === 404) {
        throw Problem.unprocessable(`There is no election ${code}.`, [
          { field: 'electionCode', message: `no election has code ${code}` },
        ]);
      }
      throw error;
    }
  }

  private checkParties(user: AuthenticatedUser, partyCodes: string[], respondent: string | undefined): void {
    if (user.role === 'party_agent' && !partyCodes.includes(user.partyCode!)) {
      throw Problem.unprocessable(`Your party ${user.partyCode} does not contest this election.`);
    }
    if (respondent !== undefined && !partyCodes.includes(respondent)) {
      throw Problem.unprocessable(`Party ${respondent} does not contest this election.`, [
        { field: 'respondentPartyCode', message: `no party ${respondent} in this election` },
      ]);
    }
    if (respondent !== undefined && user.role === 'party_agent' && respondent === user.partyCode) {
      throw Problem.unprocessable('A party cannot complain against itself.', [
        { field: 'respondentPartyCode', message: 'is the complainant party' },
      ]);
    }
  }
}

export interface DuplicatesDto {
  reference: string | null;
  items: (CaseSummaryDto & { sharedStations: string[] })[];
}

interface SummaryRow {
  id: string;
  reference: string | null;
  election_code: string;
  kind: string;
  category: string;
  title: string | null;
  state: Case['state'];
  version: number;
  late: boolean;
  overdue: boolean;
  materiality: number | null;
  assignee: string | null;
  province_codes: string[];
  filed_at: Date | null;
  due_at: Date | null;
  sort_key: string | number;
}

/** Keyset orders: each names its key, its ORDER BY and the condition for "after this cursor". */
const SORTS: Record<
  CaseListQuery['sort'],
  { key: string; orderBy: string; after: (key: string, id: string) => string }
> = {
  '-filedAt': {
    key: `coalesce(c.filed_at, c.created_at)::text`,
    orderBy: 'coalesce(c.filed_at, c.created_at) DESC, c.id DESC',
    after: (k, id) => `(coalesce(c.filed_at, c.created_at), c.id) < (${k}::timestamptz, ${id}::uuid)`,
  },
  filedAt: {
    key: `coalesce(c.filed_at, c.created_at)::text`,
    orderBy: 'coalesce(c.filed_at, c.created_at), c.id',
    after: (k, id) => `(coalesce(c.filed_at, c.created_at), c.id) > (${k}::timestamptz, ${id}::uuid)`,
  },
  // Unmeasured cases (no margin yet) count as 0 and come last.
  materiality: {
    key: `coalesce(c.materiality, -1)`,
    orderBy: 'coalesce(c.materiality, -1) DESC, c.id DESC',
    after: (k, id) => `(coalesce(c.materiality, -1), c.id) < (${k}::float8, ${id}::uuid)`,
  },
  deadline: {
    key: `coalesce(c.due_at, 'infinity'::timestamptz)::text`,
    orderBy: `coalesce(c.due_at, 'infinity'::timestamptz), c.id`,
    after: (k, id) => `(coalesce(c.due_at, 'infinity'::timestamptz), c.id) > (${k}::timestamptz, ${id}::uuid)`,
  },
};

function summary(r: SummaryRow): CaseSummaryDto {
  return {
    id: r.id,
    reference: r.reference,
    electionCode: r.election_code,
    kind: r.kind,
    category: r.category,
    title: r.title,
    state: r.state,
    version: r.version,
    late: r.late,
    overdue: r.overdue,
    materiality: r.materiality,
    assignee: r.assignee,
    provinceCodes: r.province_codes,
    filedAt: r.filed_at ? new Date(r.filed_at).toISOString() : null,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
  };
}

function pick(source: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, (source as Record<string, unknown>)[k]]));
}
