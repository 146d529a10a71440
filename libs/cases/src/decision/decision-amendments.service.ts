import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull, Not } from 'typeorm';
import { AuditTrail } from '@app/audit';
import type { AuthenticatedUser } from '@app/identity';
import { isUuid, OutboxService, Problem } from '@app/platform';
import { Case } from '../case.entity';
import { CaseFinder } from '../case-finder';
import { CaseViewService } from '../case-view.service';
import { Audience, CaseNotifier } from '../notices/case-notifier';
import { decisionNotice } from '../notices/case-notices';
import { isCaseworker } from '../policy/case-visibility';
import { Decision } from './decision.entity';
import { toDecisionDto } from './decision-drafts.service';
import { DecisionRemediesService, RemedyView } from './decision-remedies.service';
import { AmendmentDto, AmendmentInputDto } from './dto/amendment.dto';

export const AMENDMENT_PROPOSED = 'cases.amendment_proposed';
export const AMENDMENT_PUBLISHED = 'cases.amendment_published';

/**
 * A published decision never changes; a correction is an amendment pointing to it, proposed by a
 * caseworker and approved — and so published — by an adjudicator other than the proposer. Each
 * step is one transaction: the decisions row, the audit entry on the case's chain, the outbox event.
 */
@Injectable()
export class DecisionAmendmentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly finder: CaseFinder,
    private readonly views: CaseViewService,
    private readonly remedies: DecisionRemediesService,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxService,
    private readonly notifier: CaseNotifier,
  ) {}

  @Transactional()
  async propose(user: AuthenticatedUser, reference: string, input: AmendmentInputDto): Promise<AmendmentDto> {
    const c = await this.finder.find(reference, user);
    if (!isCaseworker(user)) throw Problem.forbidden('Amendments are proposed by officers and adjudicators.');
    const original = await this.lockPublished(c);
    const { reason, ...fields } = input;
    await this.remedies.validate(c, fields.remedies);
    const repo = this.decisions();
    const now = new Date();
    const saved = await repo.save(
      repo.create({
        caseId: c.id,
        amendsId: original.id,
        amendmentReason: reason,
        draftedBy: user.id,
        proposedBy: user.id,
        proposedAt: now,
        ...fields,
      }),
    );
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: 'propose_amendment',
      fromState: c.state,
      toState: c.state,
      reason,
      after: { amendmentId: saved.id, amendsId: original.id, ...fields },
    });
    await this.outbox.append(AMENDMENT_PROPOSED, { caseId: c.id, reference: c.reference, amendmentId: saved.id });
    return toAmendmentDto(saved, c);
  }

  /** Four eyes: an adjudicator other than the proposer approves, and the amendment is published. */
  @Transactional()
  async approve(user: AuthenticatedUser, reference: string, id: string): Promise<AmendmentDto> {
    const c = await this.finder.find(reference, user);
    if (user.role !== 'adjudicator') throw Problem.forbidden('Amendments are approved by adjudicators.');
    await this.lockPublished(c);
    const amendment = isUuid(id)
      ? await this.decisions().findOneBy({ id, caseId: c.id, amendsId: Not(IsNull()) })
      : null;
    if (!amendment) throw Problem.notFound(`Case ${c.reference} has no amendment ${id}.`);
    if (amendment.publishedAt) {
      throw Problem.conflict(
        `Amendment ${c.reference}/A${amendment.amendmentNumber} is already published.`,
        'illegal-transition',
      );
    }
    if (amendment.proposedBy === user.id) {
      throw new Problem({
        status: 403,
        type: 'four-eyes',
        detail: 'An amendment must be approved by someone other than its proposer.',
      });
    }
    const now = new Date();
    const [{ n }]: { n: number }[] = await this.txHost.tx.query(
      `SELECT count(*)::int + 1 AS n FROM decisions WHERE case_id = $1 AND amends_id IS NOT NULL AND published_at IS NOT NULL`,
      [c.id],
    );
    const publicReference = `${c.reference}/A${n}`;
    await this.decisions().update(
      { id: amendment.id },
      { approvedBy: user.id, approvedAt: now, publishedBy: user.id, publishedAt: now, amendmentNumber: n },
    );
    const published = await this.decisions().findOneByOrFail({ id: amendment.id });
    const applied: RemedyView[] = await this.remedies.apply(c, published, user.id, publicReference);
    // The case's view changed (remedies, perhaps a task to wait on): a stale version must not close it.
    await this.txHost.tx.query(`UPDATE cases SET version = version + 1 WHERE id = $1`, [c.id]);

    const election = await this.views.election(c.electionId);
    const notice = decisionNotice(
      { reference: publicReference, electionKind: election.kind, policy: election.policy, at: now },
      published,
    );
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: 'approve_amendment',
      fromState: c.state,
      toState: c.state,
      after: {
        version: c.version + 1,
        amendmentId: amendment.id,
        reference: publicReference,
        remedies: applied.map(({ kind, stationCodes, status, recountIds, sheetIds }) => ({
          kind,
          stationCodes,
          status,
          recountIds,
          sheetIds,
        })),
        notice: notice.body,
      },
    });
    await this.outbox.append(AMENDMENT_PUBLISHED, {
      caseId: c.id,
      decisionId: amendment.id,
      reference: publicReference,
    });
    const complainant: Audience =
      c.complainantKind === 'party'
        ? { partyCodes: [c.complainantPartyCode!] }
        : { organisations: c.complainantOrganisation ? [c.complainantOrganisation] : [] };
    await this.notifier.notify({
      kind: 'notice.amendment',
      ...notice,
      audience: {
        ...complainant,
        partyCodes: [...(complainant.partyCodes ?? []), ...(c.respondentPartyCode ? [c.respondentPartyCode] : [])],
      },
      caseReference: c.reference!,
      electionCode: election.code,
    });
    return toAmendmentDto(published, c);
  }

  @Transactional()
  async list(user: AuthenticatedUser, reference: string): Promise<AmendmentDto[]> {
    const c = await this.finder.find(reference, user);
    const rows = await this.decisions().find({
      where: { caseId: c.id, amendsId: Not(IsNull()) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    // The parties read the published amendments; caseworkers read the proposals too.
    return rows.filter((d) => isCaseworker(user) || d.publishedAt).map((d) => toAmendmentDto(d, c));
  }

  @Transactional()
  async remediesOf(user: AuthenticatedUser, reference: string): Promise<RemedyView[]> {
    const c = await this.finder.find(reference, user);
    return this.remedies.list(c.id);
  }

  /** The case's row lock orders the step on its chain; the original must be published, the case open. */
  private async lockPublished(c: Case): Promise<Decision> {
    await this.txHost.tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [c.id]);
    const original = await this.decisions().findOneBy({ caseId: c.id, amendsId: IsNull() });
    if (!original?.publishedAt) {
      throw Problem.conflict(
        `Case ${c.reference} has no published decision to amend: redraft the decision instead.`,
        'illegal-transition',
      );
    }
    if (c.state === 'closed') {
      throw Problem.conflict(
        `Case ${c.reference} is closed: its decision can no longer be amended.`,
        'illegal-transition',
      );
    }
    return original;
  }

  private decisions() {
    return this.txHost.tx.getRepository(Decision);
  }
}

function toAmendmentDto(d: Decision, c: Case): AmendmentDto {
  return {
    ...toDecisionDto(d),
    amendsId: d.amendsId!,
    reason: d.amendmentReason ?? '',
    number: d.amendmentNumber,
    reference: d.amendmentNumber ? `${c.reference}/A${d.amendmentNumber}` : null,
  };
}
