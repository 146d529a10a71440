import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditTrail } from '@app/audit';
import type { AuthenticatedUser } from '@app/identity';
import { isUuid, OutboxService, Problem } from '@app/platform';
import { ElectionScopeService } from '@app/results';
import { CaseFinder } from '../case-finder';
import { CaseViewService } from '../case-view.service';
import { CaseLinksService } from '../linking/case-links.service';
import { Audience, CaseNotifier } from '../notices/case-notifier';
import { canSeeCase } from '../policy/case-visibility';
import { TERMINAL_STATES } from '../workflow/case-terms';
import { RecountDto, RecountListDto, RecountTransitionDto } from './dto/recount.dto';
import { Recount } from './recount.entity';
import { parseRecountSheet } from './recount-sheet';
import { RecountSheets } from './recount-sheets';
import { RecountViews } from './recount-views';
import { decideRecount, RECOUNT_WORKFLOW, RecountRule } from './recount-workflow';

export const RECOUNT_TRANSITIONED = 'recounts.recount_transitioned';
export const RECOUNT_CERTIFIED = 'recounts.recount_certified';

const FIELDS = ['at', 'place', 'sheet', 'reason'] as const;

/**
 * Applies the recount table the way CaseTransitionsService applies the case workflow: load, ask
 * `decideRecount()`, then in one transaction the effects, a guarded UPDATE on state and version,
 * an audit entry on the recount's chain and one on the case's, and the outbox events.
 */
@Injectable()
export class RecountsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly finder: CaseFinder,
    private readonly views: CaseViewService,
    private readonly scopes: ElectionScopeService,
    private readonly sheets: RecountSheets,
    private readonly links: CaseLinksService,
    private readonly recountViews: RecountViews,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxService,
    private readonly notifier: CaseNotifier,
  ) {}

  @Transactional()
  async list(user: AuthenticatedUser, reference: string): Promise<RecountListDto> {
    const c = await this.finder.find(reference, user);
    const recounts = await this.recounts().find({ where: { caseId: c.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { reference: c.reference, items: await this.recountViews.toDtos(c, recounts, user) };
  }

  @Transactional()
  async transition(user: AuthenticatedUser, id: string, input: RecountTransitionDto): Promise<RecountDto> {
    const recount = isUuid(id) ? await this.recounts().findOneBy({ id }) : null;
    const c = recount ? await this.finder.findAny(recount.caseId) : null;
    // Only whoever sees the case learns that its recount exists.
    if (!recount || !c || !canSeeCase(c, user)) throw Problem.notFound(`There is no recount ${id}.`);
    checkFields(
      RECOUNT_WORKFLOW.find((r) => r.action === input.action)!,
      input,
    );
    const decision = decideRecount(recount.state, input.action, user.role);
    if (!decision.ok) {
      throw new Problem({
        status: decision.status,
        type: decision.status === 409 ? 'illegal-transition' : undefined,
        detail: decision.detail,
      });
    }
    if (TERMINAL_STATES.includes(c.state) && input.action !== 'cancel') {
      throw Problem.conflict(
        `Case ${c.reference} is ${c.state}: its recounts can only be cancelled.`,
        'illegal-transition',
      );
    }
    if (input.expectedVersion !== recount.version) throw staleRecount(recount.version);

    // The case's row lock orders this entry on the case's chain with the case's own transitions.
    await this.txHost.tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [c.id]);
    const election = await this.views.election(c.electionId);
    const [station]: { code: string }[] = await this.txHost.tx.query(
      `SELECT code FROM polling_stations WHERE id = $1`,
      [recount.stationId],
    );
    const now = new Date();
    const patch: Partial<Recount> = {};
    const after: Record<string, unknown> = {};
    const parties: Audience = {
      ...(c.complainantKind === 'party'
        ? { partyCodes: [c.complainantPartyCode!, ...(c.respondentPartyCode ? [c.respondentPartyCode] : [])] }
        : {
            organisations: c.complainantOrganisation ? [c.complainantOrganisation] : [],
            ...(c.respondentPartyCode ? { partyCodes: [c.respondentPartyCode] } : {}),
          }),
    };
    const notices: { kind: string; title: string; body: string }[] = [];
    switch (input.action) {
      case 'schedule':
        patch.scheduledAt = new Date(input.at!);
        patch.place = input.place!;
        Object.assign(after, { at: patch.scheduledAt.toISOString(), place: patch.place });
        notices.push({
          kind: 'recount.scheduled',
          title: `Recount of ${station.code} on case ${c.reference} scheduled`,
          body: `The recount of station ${station.code} (case ${c.reference}) will be held on ${patch.scheduledAt.toISOString()} at ${patch.place}. You are invited to attend.`,
        });
        break;
      case 'enter_figures': {
        const parsed = parseRecountSheet(input.sheet, election.partyCodes);
        if (!parsed.ok) throw Problem.unprocessable('The figures are not a result sheet.', parsed.errors);
        const replaced =
          recount.replacedSheetId ??
          (await this.sheets.officialOf(c.electionId, [recount.stationId])).get(recount.stationId)?.id ??
          null;
        patch.sheetId = await this.sheets.enter({
          electionId: c.electionId,
          stationId: recount.stationId,
          figures: parsed.figures,
          createdBy: user.id,
          reason: `recount of case ${c.reference}`,
        });
        patch.replacedSheetId = replaced;
        Object.assign(after, { sheetId: patch.sheetId, replacedSheetId: replaced, sheet: input.sheet });
        break;
      }
      case 'certify':
        await this.sheets.certify(recount.sheetId!, now);
        patch.certifiedAt = now;
        after.sheetId = recount.sheetId;
        notices.push({
          kind: 'recount.certified',
          title: `Recount of ${station.code} on case ${c.reference} certified`,
          body: `The recount of station ${station.code} (case ${c.reference}) was certified; its figures are now the official result of the station.`,
        });
        break;
      case 'cancel':
        patch.cancelReason = input.reason!;
        break;
    }

    const updated = await this.txHost.tx
      .createQueryBuilder()
      .update(Recount)
      .set({ ...patch, state: decision.to, version: () => 'version + 1' })
      .where('id = :id AND state = :state AND version = :version', {
        id: recount.id,
        state: recount.state,
        version: recount.version,
      })
      .returning('version')
      .execute();
    if (updated.raw.length === 0) {
      const [row]: { version: number }[] = await this.txHost.tx.query(`SELECT version FROM recounts WHERE id = $1`, [
        recount.id,
      ]);
      throw staleRecount(row?.version ?? recount.version);
    }
    const step = { fromState: recount.state, toState: decision.to, reason: input.reason ?? null };
    const before = { version: recount.version, ...pickBefore(recount, patch) };
    await this.audit.append({
      subjectType: 'recount',
      subjectId: recount.id,
      actorId: user.id,
      actorRole: user.role,
      action: input.action,
      ...step,
      before,
      after: { version: recount.version + 1, ...after },
    });
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: `recount_${input.action}`,
      reason: step.reason,
      after: {
        recountId: recount.id,
        stationCode: station.code,
        from: recount.state,
        to: decision.to,
        version: recount.version + 1,
        ...after,
      },
    });
    const ids = { recountId: recount.id, caseId: c.id, stationId: recount.stationId, electionId: c.electionId };
    await this.outbox.append(RECOUNT_TRANSITIONED, {
      ...ids,
      action: input.action,
      from: recount.state,
      to: decision.to,
      version: recount.version + 1,
    });
    if (input.action === 'certify') {
      await this.outbox.append(RECOUNT_CERTIFIED, { ...ids, sheetId: recount.sheetId });
      // The unit's margin moved with its totals, and the materiality of the cases there with it.
      await this.links.remeasureUnitsOf(await this.scopes.election(election.code), [recount.stationId], c.id);
    }
    for (const notice of notices) {
      await this.notifier.notify({
        ...notice,
        caseReference: c.reference!,
        electionCode: election.code,
        audience: parties,
      });
    }
    const fresh = await this.recounts().findOneByOrFail({ id: recount.id });
    const [dto] = await this.recountViews.toDtos(c, [fresh], user);
    return dto;
  }

  private recounts() {
    return this.txHost.tx.getRepository(Recount);
  }
}

/** CONTRACT.md: an action takes its own fields and no other (400), and needs all of them (400). */
function checkFields(rule: RecountRule, input: RecountTransitionDto): void {
  const given = FIELDS.filter((f) => input[f] !== undefined);
  const errors = [
    ...given
      .filter((f) => !rule.fields.includes(f))
      .map((field) => ({ field, message: `is not a field of ${input.action}` })),
    ...rule.fields
      .filter((f) => input[f] === undefined)
      .map((field) => ({ field, message: `is required by ${input.action}` })),
  ];
  if (errors.length > 0) throw Problem.validation(errors, `The fields do not fit the action ${input.action}.`);
}

function staleRecount(current: number): Problem {
  return new Problem({
    status: 409,
    type: 'version-conflict',
    detail: `The recount has changed since you read it (it is at version ${current}); reload it and try again.`,
    extensions: { currentVersion: current },
  });
}

function pickBefore(recount: Recount, patch: Partial<Recount>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(patch).map((k) => [k, (recount as unknown as Record<string, unknown>)[k] ?? null]),
  );
}
