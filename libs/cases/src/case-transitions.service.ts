import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { auditInsert, isAuditChainRace } from '@app/audit';
import { computeDeadline, isLate } from '@app/elections';
import type { AuthenticatedUser } from '@app/identity';
import { OutboxAppend, outboxInsert, preparedQuery, Problem } from '@app/platform';
import { ElectionScopeService } from '@app/results';
import { Case } from './case.entity';
import { CaseFinder, CaseToMove } from './case-finder';
import { factsOf } from './case-facts';
import { caseFromRow, guardedUpdate } from './case-row';
import { CaseViewService, ElectionFacts, ViewRow, viewSql } from './case-view.service';
import { staleVersion } from './case-problems';
import { nextDeadline } from './deadlines/case-deadline';
import { deadlineChange } from './deadlines/deadline-change';
import { Decision } from './decision/decision.entity';
import { DecisionRemediesService } from './decision/decision-remedies.service';
import { CaseDto } from './dto/case.dto';
import { BulkTransitionDto, TransitionDto, TransitionFields } from './dto/transition.dto';
import { CaseLinksService } from './linking/case-links.service';
import { Audience, CaseNotifier } from './notices/case-notifier';
import { decisionNotice, rejectionNotice } from './notices/case-notices';
import { actorFor, canSeeCase, inJurisdiction } from './policy/case-visibility';
import { Recount } from './recounts/recount.entity';
import { Actor, CaseEffect, decide, fieldsOf, SYSTEM_ACTOR } from './workflow/case-workflow';
import { CaseAction, TERMINAL_STATES } from './workflow/case-terms';

export const CASE_TRANSITIONED = 'cases.case_transitioned';
export const DECISION_PUBLISHED = 'cases.decision_published';

const TRANSITION_FIELDS: (keyof TransitionFields)[] = [
  'reason',
  'assignee',
  'message',
  'at',
  'place',
  'minutes',
  'stationCodes',
  'comments',
  'outcome',
  'appellateReference',
  'targetReference',
];

/** The effects that read or write rows besides the case's: they and the move share a transaction. */
const EFFECTS_WITH_IO: ReadonlySet<CaseEffect> = new Set<CaseEffect>([
  'assign_reference',
  'snapshot_links',
  'set_assignee',
  'order_recounts',
  'propose_decision',
  'return_decision',
  'approve_decision',
  'publish_decision',
  'apply_remedies',
  'merge_into_target',
  'notice_decision',
]);

/** How often a move is tried when an audit entry committed meanwhile made its statement's chain head stale. */
const CHAIN_RACE_ATTEMPTS = 3;

export interface BulkItem {
  reference: string;
  status: number;
  version?: number;
  problem?: Record<string, unknown>;
}

/** Who is acting: a signed-in user, or the system (deadline jobs). */
export type Caller = AuthenticatedUser | 'system';

/**
 * Applies the workflow table: loads the case, asks `decide()`, and applies the answer in one
 * transaction — a guarded UPDATE on state and version, the effects, the audit entry and the
 * outbox events. Nothing here decides who may do what; the table does.
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly finder: CaseFinder,
    private readonly views: CaseViewService,
    private readonly links: CaseLinksService,
    private readonly scopes: ElectionScopeService,
    private readonly remedies: DecisionRemediesService,
  ) {}

  /**
   * The answer's view is read by the move's own statement (`viewSql`): it sees what that statement sees
   * and what it wrote, as a GET right after would.
   */
  async transition(user: AuthenticatedUser, referenceOrId: string, input: TransitionDto): Promise<CaseDto> {
    const moved = await this.retryingChainRace(async () =>
      this.apply(await this.finder.findToMove(referenceOrId, user), user, input, true),
    );
    return this.views.fromView(moved.c, moved.view!, user, moved.election);
  }

  /** A step the system takes (closing after the appeal window, for instance). */
  @Transactional()
  async transitionAsSystem(caseId: string, action: CaseAction): Promise<Case> {
    const toMove = await this.finder.findToMove(caseId);
    return (await this.apply(toMove, 'system', { action, expectedVersion: toMove.c.version })).c;
  }

  /** Each case in its own transaction: one refusal does not stop the others. */
  async bulk(user: AuthenticatedUser, input: BulkTransitionDto): Promise<{ items: BulkItem[] }> {
    if (user.role !== 'officer' && user.role !== 'adjudicator') {
      throw Problem.forbidden('Bulk transitions are for officers and adjudicators.');
    }
    const { references, action, ...fields } = input;
    const items: BulkItem[] = [];
    for (const reference of references) {
      try {
        const result = await this.retryingChainRace(async () => {
          const toMove = await this.finder.findToMove(reference, user);
          return this.apply(toMove, user, { ...fields, action, expectedVersion: toMove.c.version });
        });
        items.push({ reference, status: 200, version: result.c.version });
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        items.push({ reference, status: error.getStatus(), problem: error.toBody() });
      }
    }
    return { items };
  }

  /**
   * A move whose effects touch other rows runs in a transaction (the caller's, or one of its own); any other
   * is one statement, a transaction by itself. The case was read without a lock: the guarded UPDATE is what
   * refuses a move based on a stale read (409).
   */
  private async apply(toMove: CaseToMove, caller: Caller, input: TransitionDto, withView = false): Promise<Moved> {
    const { c, facts, electionVersion } = toMove;
    checkFields(input);
    const election = await this.views.election(c.electionId, electionVersion);
    const now = new Date();
    const actor: Actor = caller === 'system' ? SYSTEM_ACTOR : actorFor(c, caller);
    const decision = decide(factsOf(c, facts, election.policy, now), input.action, actor);
    if (!decision.ok) {
      throw new Problem({
        status: decision.refusal.status,
        type: decision.refusal.type,
        detail: decision.refusal.detail,
      });
    }
    if (input.expectedVersion !== c.version) throw staleVersion(c.version);

    const withIo = decision.rule.effects.some((effect) => EFFECTS_WITH_IO.has(effect));
    const move = () => this.move(c, caller, input, election, now, decision.to, decision.rule.effects, withView);
    const moved = await (withIo && !this.txHost.isTransactionActive() ? this.txHost.withTransaction(move) : move());
    return { ...moved, election };
  }

  /**
   * The effects, then one statement: the guarded UPDATE on state and version (it takes the row lock the
   * audit chain needs), the audit entry and the outbox events (the effects', the transition's, then its
   * notices, in that order) as CTEs of it, inserted only when the UPDATE moved the case.
   */
  private async move(
    c: Case,
    caller: Caller,
    input: TransitionDto,
    election: ElectionFacts,
    now: Date,
    to: Case['state'],
    effects: readonly CaseEffect[],
    withView: boolean,
  ): Promise<{ c: Case; view?: ViewRow[] }> {
    const patch: Partial<Case> = {};
    const notices: { kind: string; title: string; body: string; audience: Audience }[] = [];
    const events: OutboxAppend[] = [];
    const after: Record<string, unknown> = pickFields(input);
    const context = { c, caller, input, election, now, patch, notices, events, after };
    for (const effect of effects) await this.effect(effect, context);
    stamp(patch, to, now);
    if (TERMINAL_STATES.includes(to)) patch.dueAt = null;
    const next = { ...c, ...patch, state: to } as Case;
    patch.dueAt = nextDeadline(next, election.policy)?.dueAt ?? null;
    const deadline = deadlineChange(input.action, c, next, election.policy);
    // A breached deadline keeps the case overdue until it runs against another one (or none).
    if (deadline) patch.overdue = false;

    const update = guardedUpdate(this.txHost.tx, c, { ...patch, state: to });
    const audit = auditInsert(
      {
        subjectType: 'case',
        subjectId: c.id,
        actorId: caller === 'system' ? null : caller.id,
        actorRole: caller === 'system' ? 'system' : caller.role,
        action: input.action,
        fromState: c.state,
        toState: to,
        before: { version: c.version, ...before(c, patch), ...deadline?.before },
        after: { version: c.version + 1, ...after, ...deadline?.after },
        reason: input.reason ?? input.comments ?? null,
      },
      update.params.length + 1,
      'moved',
    );
    const reference = (patch.reference ?? c.reference)!;
    const outbox = outboxInsert(
      [
        ...events,
        {
          type: CASE_TRANSITIONED,
          payload: {
            caseId: c.id,
            reference,
            action: input.action,
            from: c.state,
            to,
            version: c.version + 1,
          },
        },
        ...notices.map((notice) =>
          CaseNotifier.event({ ...notice, caseReference: reference, electionCode: election.code }),
        ),
      ],
      update.params.length + audit.params.length + 1,
      'moved',
    );
    // With the view, a row per linked station; the view's columns are named apart from the case's
    // (`viewSql`), and the case's are on the first row only, not parsed again on every other.
    const select = withView
      ? `SELECT * FROM (
           SELECT view.*, row_number() OVER (ORDER BY view.code) AS view_row
             FROM moved, ${outbox.notified}, LATERAL (${viewSql('moved.id', 'moved.assignee_id', 'moved.merged_into_id')}) AS view
         ) AS v LEFT JOIN moved ON v.view_row = 1
         ORDER BY v.view_row`
      : `SELECT * FROM moved, ${outbox.notified}`;
    const rows = await preparedQuery<Record<string, unknown> & ViewRow>(
      this.txHost.tx,
      `WITH moved AS (${update.sql}), audit AS (${audit.sql}), ${outbox.ctes}
       ${select}`,
      [...update.params, ...audit.params, ...outbox.params],
    );
    if (rows.length === 0) {
      const [row]: { version: number }[] = await this.txHost.tx.query(`SELECT version FROM cases WHERE id = $1`, [
        c.id,
      ]);
      throw staleVersion(row?.version ?? c.version);
    }
    // The row as the UPDATE left it: what a reload would read, without the round trip.
    return { c: caseFromRow(this.txHost.tx, rows[0]), ...(withView ? { view: rows } : {}) };
  }

  /**
   * Outside a transaction, a move is tried again when the audit chain's unique index refused its entry: a
   * transaction that held the case's row lock without changing its version (a note, a draft, an upload)
   * committed an entry after the move's statement took its snapshot. Tried again, the statement sees it.
   */
  private async retryingChainRace<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return attempt();
    for (let tried = 1; ; tried++) {
      try {
        return await attempt();
      } catch (error) {
        if (tried >= CHAIN_RACE_ATTEMPTS || !isAuditChainRace(error)) throw error;
      }
    }
  }

  private async effect(effect: CaseEffect, ctx: EffectContext): Promise<void> {
    const { c, caller, input, election, now, patch, notices, events, after } = ctx;
    const reference = () => (patch.reference ?? c.reference)!;
    const complainant: Audience =
      c.complainantKind === 'party'
        ? { partyCodes: [c.complainantPartyCode!] }
        : { organisations: c.complainantOrganisation ? [c.complainantOrganisation] : [] };
    // Its caseworkers as the effects so far leave the case: `snapshot_links` measures a case filed at once.
    const { assigneeId, provinceCodes } = { ...c, ...patch };
    const caseworkers: Audience = {
      ...(assigneeId ? { userIds: [assigneeId] } : {}),
      supervisors: { jurisdiction: provinceCodes.length === 1 ? provinceCodes[0] : null },
    };
    const words = input.action.replace(/_/g, ' ');
    switch (effect) {
      case 'assign_reference': {
        const [row]: { last_number: number }[] = await this.txHost.tx.query(
          `INSERT INTO case_sequences (election_id, last_number) VALUES ($1, 1)
           ON CONFLICT (election_id) DO UPDATE SET last_number = case_sequences.last_number + 1
           RETURNING last_number`,
          [c.electionId],
        );
        patch.number = row.last_number;
        patch.reference = `${election.code}-${String(row.last_number).padStart(6, '0')}`;
        const filing = await this.filingDeadline(election);
        patch.late = filing ? isLate(now, filing) : false;
        after.reference = patch.reference;
        after.late = patch.late;
        return;
      }
      case 'snapshot_links': {
        const ids: { station_id: number }[] = await this.txHost.tx.query(
          `SELECT station_id FROM case_stations WHERE case_id = $1`,
          [c.id],
        );
        const linked = await this.links.link(
          c.id,
          await this.scopes.election(election.code),
          ids.map((r) => r.station_id),
        );
        patch.provinceCodes = linked.provinceCodes;
        patch.materiality = linked.materiality.ratio;
        patch.materialityUnits = linked.materiality.units;
        return;
      }
      case 'set_assignee': {
        const [assignee]: { id: string; role: string; jurisdiction: string | null }[] = await this.txHost.tx.query(
          `SELECT id, role, jurisdiction FROM users WHERE username = $1 AND active`,
          [input.assignee!.toLowerCase()],
        );
        const fit =
          assignee &&
          (assignee.role === 'officer' || assignee.role === 'adjudicator') &&
          inJurisdiction(c, assignee.jurisdiction);
        if (!fit) {
          throw Problem.unprocessable(`${input.assignee} cannot be assigned this case.`, [
            {
              field: 'assignee',
              message: 'must be an active officer or adjudicator whose jurisdiction covers the case',
            },
          ]);
        }
        patch.assigneeId = assignee.id;
        notices.push({
          kind: 'case.assigned',
          title: `Case ${reference()} was assigned to you`,
          body: `You are the officer of case ${reference()}.`,
          audience: { userIds: [assignee.id] },
        });
        return;
      }
      case 'record_closing_reason':
        patch.closingReason = input.reason!;
        return;
      case 'pause_clock':
        patch.pauses = [...c.pauses, { from: now.toISOString(), to: null }];
        patch.informationRequestedAt = now;
        return;
      case 'resume_clock':
        patch.pauses = c.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
        return;
      case 'schedule_hearing':
        patch.hearing = { at: new Date(input.at!).toISOString(), place: input.place! };
        return;
      case 'record_hearing':
        patch.hearing = { ...(c.hearing ?? { at: now.toISOString(), place: '' }), minutes: input.minutes! };
        return;
      case 'order_recounts': {
        const stations = await this.links.resolveStations(c.electionId, input.stationCodes!);
        const linked: { station_id: number }[] = await this.txHost.tx.query(
          `SELECT station_id FROM case_stations WHERE case_id = $1 AND station_id = ANY($2::int[])`,
          [c.id, [...stations.values()]],
        );
        const linkedIds = new Set(linked.map((l) => l.station_id));
        const unlinked = input.stationCodes!.filter((code) => !linkedIds.has(stations.get(code)!));
        if (unlinked.length > 0) {
          throw Problem.unprocessable(
            'A recount can be ordered only for the stations the case is about.',
            unlinked.map((code) => ({
              field: 'stationCodes',
              message: `station ${code} is not linked to this case`,
            })),
          );
        }
        const recounts = this.txHost.tx.getRepository(Recount);
        const created = await recounts.save(
          [...stations.values()].map((stationId) =>
            recounts.create({ caseId: c.id, stationId, state: 'ordered', orderedBy: (caller as AuthenticatedUser).id }),
          ),
        );
        after.recounts = created.map((r) => r.id);
        notices.push({
          kind: 'recount.ordered',
          title: `A recount was ordered on case ${reference()}`,
          body: `A recount of ${input.stationCodes!.join(', ')} was ordered. You will be told when it is scheduled.`,
          audience: { ...complainant, partyCodes: [...(complainant.partyCodes ?? []), ...respondent(c)] },
        });
        return;
      }
      case 'propose_decision':
        await this.decisions().update(
          { caseId: c.id, amendsId: IsNull() },
          {
            proposedBy: (caller as AuthenticatedUser).id,
            proposedAt: now,
            returnComments: null,
          },
        );
        return;
      case 'return_decision':
        await this.decisions().update(
          { caseId: c.id, amendsId: IsNull() },
          {
            proposedBy: null,
            proposedAt: null,
            returnComments: input.comments!,
          },
        );
        return;
      case 'approve_decision':
        await this.decisions().update(
          { caseId: c.id, amendsId: IsNull() },
          {
            approvedBy: (caller as AuthenticatedUser).id,
            approvedAt: now,
          },
        );
        patch.decidedAt = now;
        return;
      case 'publish_decision': {
        await this.decisions().update(
          { caseId: c.id, amendsId: IsNull() },
          {
            publishedBy: (caller as AuthenticatedUser).id,
            publishedAt: now,
          },
        );
        patch.publishedAt = now;
        events.push({ type: DECISION_PUBLISHED, payload: { caseId: c.id, reference: reference() } });
        return;
      }
      case 'apply_remedies': {
        const decision = await this.decisions().findOneByOrFail({ caseId: c.id, amendsId: IsNull() });
        const applied = await this.remedies.apply(c, decision, (caller as AuthenticatedUser).id, reference());
        after.remedies = applied.map(({ kind, stationCodes, status, recountIds, sheetIds }) => ({
          kind,
          stationCodes,
          status,
          recountIds,
          sheetIds,
        }));
        return;
      }
      case 'record_appeal':
        patch.appeal = { reason: input.reason!, filedAt: now.toISOString(), filedBy: (caller as AuthenticatedUser).id };
        return;
      case 'record_appeal_outcome':
        patch.appeal = {
          ...c.appeal!,
          outcome: input.outcome!,
          appellateReference: input.appellateReference!,
          decidedAt: now.toISOString(),
        };
        return;
      case 'merge_into_target': {
        const target = await this.finder.findAny(input.targetReference!);
        const problem =
          !target || (caller !== 'system' && !canSeeCase(target, caller))
            ? `there is no case ${input.targetReference}`
            : target.id === c.id
              ? 'a case cannot be merged into itself'
              : target.electionId !== c.electionId
                ? 'the lead case is of another election'
                : TERMINAL_STATES.includes(target.state) || target.state === 'draft'
                  ? `the lead case is ${target.state.replace(/_/g, ' ')}`
                  : null;
        if (problem)
          throw Problem.unprocessable(`Cannot merge: ${problem}.`, [{ field: 'targetReference', message: problem }]);
        patch.mergedIntoId = target!.id;
        after.targetReference = target!.reference;
        notices.push({
          kind: 'case.merged',
          title: `Case ${reference()} was joined to case ${target!.reference}`,
          body: `Your case ${reference()} concerns the same stations as case ${target!.reference}; it will be decided with it.`,
          audience: complainant,
        });
        return;
      }
      case 'notify_officers':
        if (c.state === 'draft' && input.action !== 'submit') return; // caseworkers never saw the draft
        notices.push({
          kind: `case.${input.action}`,
          title: `Case ${reference()}: ${words}`,
          body: `Case ${reference()} (${c.title ?? c.category}) was ${words === 'submit' ? 'filed' : words}.`,
          audience: caseworkers,
        });
        return;
      case 'notify_complainant':
        notices.push({
          kind: `case.${input.action}`,
          title: `Case ${reference()}: ${words}`,
          body: input.message ?? `Your case ${reference()}: ${words}.`,
          audience: complainant,
        });
        return;
      case 'notify_parties':
        notices.push({
          kind: `case.${input.action}`,
          title: `Case ${reference()}: ${words}`,
          body:
            input.action === 'schedule_hearing'
              ? `A hearing on case ${reference()} is set for ${input.at} at ${input.place}.`
              : `Case ${reference()}: ${words}.`,
          audience: { ...complainant, partyCodes: [...(complainant.partyCodes ?? []), ...respondent(c)] },
        });
        return;
      case 'notice_rejection': {
        const notice = rejectionNotice(
          { reference: reference(), electionKind: election.kind, policy: election.policy, at: now },
          input.reason!,
        );
        after.notice = notice.body;
        notices.push({ kind: 'notice.rejection', ...notice, audience: complainant });
        return;
      }
      case 'notice_decision': {
        const decision = await this.decisions().findOneByOrFail({ caseId: c.id, amendsId: IsNull() });
        const notice = decisionNotice(
          { reference: reference(), electionKind: election.kind, policy: election.policy, at: now },
          decision,
        );
        after.notice = notice.body;
        notices.push({
          kind: 'notice.decision',
          ...notice,
          audience: { ...complainant, partyCodes: [...(complainant.partyCodes ?? []), ...respondent(c)] },
        });
        return;
      }
    }
  }

  private decisions() {
    return this.txHost.tx.getRepository(Decision);
  }

  private async filingDeadline(election: ElectionFacts): Promise<Date | null> {
    const [row]: { preliminary_results_at: Date | null }[] = await this.txHost.tx.query(
      `SELECT preliminary_results_at FROM elections WHERE id = $1`,
      [election.id],
    );
    if (!row.preliminary_results_at) return null;
    const deadline = computeDeadline(election.policy, 'filing', row.preliminary_results_at);
    return deadline && !deadline.paused ? deadline.dueAt : null;
  }
}

/** The case as the move left it, with the election it was moved under. */
interface Moved {
  c: Case;
  election: ElectionFacts;
  /** The answer's view, when asked for. */
  view?: ViewRow[];
}

interface EffectContext {
  c: Case;
  caller: Caller;
  input: TransitionDto;
  election: ElectionFacts;
  now: Date;
  patch: Partial<Case>;
  notices: { kind: string; title: string; body: string; audience: Audience }[];
  /** The effects' own outbox events, appended with the transition's. */
  events: OutboxAppend[];
  after: Record<string, unknown>;
}

/** CONTRACT.md: an action takes its own fields and no other (400), and needs all of them (400). */
function checkFields(input: TransitionDto): void {
  const wanted = fieldsOf(input.action);
  const given = TRANSITION_FIELDS.filter((f) => input[f] !== undefined);
  const errors = [
    ...given
      .filter((f) => !wanted.includes(f))
      .map((field) => ({ field, message: `is not a field of ${input.action}` })),
    ...wanted
      .filter((f) => input[f] === undefined)
      .map((field) => ({ field, message: `is required by ${input.action}` })),
  ];
  if (errors.length > 0) throw Problem.validation(errors, `The fields do not fit the action ${input.action}.`);
}

function pickFields(input: TransitionDto): Record<string, unknown> {
  return Object.fromEntries(TRANSITION_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
}

/** The instants DOMAIN.md's statistics and deadlines start from. */
function stamp(patch: Partial<Case>, to: Case['state'], now: Date): void {
  if (to === 'filed') patch.filedAt = now;
  if (to === 'registered') patch.registeredAt = now;
  if (TERMINAL_STATES.includes(to)) patch.closedAt = now;
}

function before(c: Case, patch: Partial<Case>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(patch)
      .filter((k) => k !== 'dueAt' && k !== 'overdue')
      .map((k) => [k, (c as unknown as Record<string, unknown>)[k] ?? null]),
  );
}

function respondent(c: Case): string[] {
  return c.respondentPartyCode ? [c.respondentPartyCode] : [];
}
