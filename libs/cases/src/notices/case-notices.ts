import type { DeadlinePolicy } from '@app/elections';
import { computeDeadline } from '@app/elections';

/*
 * The written notices of DOMAIN.md "Notices": the outcome, the reasons, and the right of appeal
 * (to whom, by when) or that the decision is final. Pure text, so the record and the tests can
 * read the same words the complainant received.
 */

export interface NoticeContext {
  reference: string;
  electionKind: string;
  policy: DeadlinePolicy;
  at: Date;
}

const APPELLATE_BODY: Record<string, string> = {
  national_assembly: 'the Constitutional Council',
  presidential: 'the Constitutional Council',
};

export function rightOfAppeal(ctx: NoticeContext): string {
  const appeal = computeDeadline(ctx.policy, 'appeal', ctx.at);
  if (!appeal || appeal.paused) return 'This decision is final: the law allows no appeal against it.';
  const body = APPELLATE_BODY[ctx.electionKind] ?? 'the appellate body';
  return `You may appeal to ${body} until ${appeal.dueAt.toISOString()} (${appeal.explanation.within} from this notice).`;
}

export function rejectionNotice(ctx: NoticeContext, reason: string): { title: string; body: string } {
  return {
    title: `Case ${ctx.reference} was found inadmissible`,
    body: [
      `Your case ${ctx.reference} was found inadmissible on ${ctx.at.toISOString()}.`,
      `Reasons: ${reason}`,
      rightOfAppeal(ctx),
    ].join('\n\n'),
  };
}

export function decisionNotice(
  ctx: NoticeContext,
  decision: { outcome: string; reasoning: string; legalBasis: string[] },
): { title: string; body: string } {
  return {
    title: `Decision published on case ${ctx.reference}: ${decision.outcome.replace(/_/g, ' ')}`,
    body: [
      `The decision on your case ${ctx.reference} was published on ${ctx.at.toISOString()}.`,
      `Outcome: ${decision.outcome.replace(/_/g, ' ')}.`,
      `Reasons: ${decision.reasoning}`,
      decision.legalBasis.length > 0 ? `Legal basis: ${decision.legalBasis.join('; ')}.` : '',
      rightOfAppeal(ctx),
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}
