import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { AuditTrail } from '@app/audit';
import type { AuthenticatedUser } from '@app/identity';
import { Problem } from '@app/platform';
import { CaseFinder } from '../case-finder';
import { isCaseworker } from '../policy/case-visibility';
import { Decision } from './decision.entity';
import { DecisionRemediesService } from './decision-remedies.service';
import { DecisionDraftDto, DecisionDto } from './dto/decision-draft.dto';

/** The decision draft of a case under review; `propose_decision` then moves it through the workflow. */
@Injectable()
export class DecisionDraftsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly finder: CaseFinder,
    private readonly remedies: DecisionRemediesService,
    private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async put(user: AuthenticatedUser, referenceOrId: string, input: DecisionDraftDto): Promise<DecisionDto> {
    const c = await this.finder.find(referenceOrId, user);
    if (!isCaseworker(user)) throw Problem.forbidden('Decisions are drafted by officers and adjudicators.');
    if (c.state !== 'under_review') {
      throw Problem.conflict(
        `A decision is drafted while the case is under review; this one is ${c.state.replace(/_/g, ' ')}.`,
        'illegal-transition',
      );
    }
    await this.remedies.validate(c, input.remedies);
    // The draft is locked with its case: a concurrent propose waits for this to commit.
    await this.txHost.tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [c.id]);
    const repo = this.txHost.tx.getRepository(Decision);
    const existing = await repo.findOneBy({ caseId: c.id, amendsId: IsNull() });
    const fields = {
      outcome: input.outcome,
      findings: input.findings,
      reasoning: input.reasoning,
      legalBasis: input.legalBasis,
      remedies: input.remedies,
    };
    const saved = existing
      ? await repo.save({ ...existing, ...fields })
      : await repo.save(repo.create({ caseId: c.id, draftedBy: user.id, ...fields }));
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: existing ? 'redraft_decision' : 'draft_decision',
      fromState: c.state,
      toState: c.state,
      before: existing ? { outcome: existing.outcome, reasoning: existing.reasoning } : null,
      after: fields,
    });
    return toDecisionDto(saved);
  }

  async get(user: AuthenticatedUser, referenceOrId: string): Promise<DecisionDto> {
    const c = await this.finder.find(referenceOrId, user);
    const decision = await this.txHost.tx.getRepository(Decision).findOneBy({ caseId: c.id, amendsId: IsNull() });
    // The complainant and respondent read the decision once it is published; caseworkers read drafts.
    if (!decision || (!isCaseworker(user) && !decision.publishedAt)) {
      throw Problem.notFound(`Case ${referenceOrId} has no decision yet.`);
    }
    return toDecisionDto(decision);
  }
}

export function toDecisionDto(d: Decision): DecisionDto {
  return {
    id: d.id,
    outcome: d.outcome,
    findings: d.findings,
    reasoning: d.reasoning,
    legalBasis: d.legalBasis,
    remedies: d.remedies,
    proposedBy: d.proposedBy,
    approvedBy: d.approvedBy,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    returnComments: d.returnComments,
    updatedAt: d.updatedAt.toISOString(),
  };
}
