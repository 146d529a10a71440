import type { Role } from '@app/identity';
import { CASE_ACTIONS, CaseAction, CaseState } from './case-terms';

/*
 * The case workflow of DOMAIN.md as one table. `decide()` reads it and nothing else: the service
 * loads the case, asks `decide()`, and applies the answer in one transaction. `allowedActions()`
 * asks the same question for every action, so the buttons a user sees are the moves it may make.
 */

/** Who may take a step, relative to the case. Adjudicators may do all an officer may. */
export type Participant = 'complainant' | 'respondent' | 'officer' | 'adjudicator' | 'system';

/** The fields a transition carries (CONTRACT.md "Cases"); any other field is refused. */
export type TransitionField =
  | 'reason'
  | 'assignee'
  | 'message'
  | 'at'
  | 'place'
  | 'minutes'
  | 'stationCodes'
  | 'comments'
  | 'outcome'
  | 'appellateReference'
  | 'targetReference';

/** What the service does, in the transition's transaction, beside moving the state. */
export type CaseEffect =
  | 'assign_reference'
  | 'record_closing_reason'
  | 'snapshot_links'
  | 'set_assignee'
  | 'pause_clock'
  | 'resume_clock'
  | 'schedule_hearing'
  | 'record_hearing'
  | 'order_recounts'
  | 'propose_decision'
  | 'approve_decision'
  | 'return_decision'
  | 'publish_decision'
  | 'apply_remedies'
  | 'record_appeal'
  | 'record_appeal_outcome'
  | 'merge_into_target'
  | 'notify_officers'
  | 'notify_complainant'
  | 'notify_parties'
  | 'notice_rejection'
  | 'notice_decision';

/** The facts about a case that the table's guards read; the service gathers them. */
export interface CaseFacts {
  state: CaseState;
  /** Fields a draft still lacks before it may be submitted. */
  missingForSubmit: readonly string[];
  decisionDraft: 'none' | 'incomplete' | 'complete';
  decisionProposerId: string | null;
  /** `none` when the law allows no appeal (the decision is final). */
  appealWindow: 'none' | 'open' | 'over';
  remediesOutstanding: number;
}

/** The caller, as the workflow sees it: its role and how it stands to the case. */
export interface Actor {
  id: string | null;
  role: Role | 'system';
  isComplainant: boolean;
  isRespondent: boolean;
}

export const SYSTEM_ACTOR: Actor = { id: null, role: 'system', isComplainant: false, isRespondent: false };

export interface Refusal {
  status: 403 | 409 | 422;
  type: string;
  detail: string;
}

type Guard = (facts: CaseFacts, actor: Actor) => Refusal | null;

export interface TransitionRule {
  from: readonly CaseState[];
  action: CaseAction;
  to: CaseState;
  who: readonly Participant[];
  fields: readonly TransitionField[];
  effects: readonly CaseEffect[];
  guard?: Guard;
}

const OPEN_BEFORE_DECISION: readonly CaseState[] = [
  'draft',
  'filed',
  'registered',
  'under_review',
  'awaiting_information',
  'hearing_scheduled',
  'decision_proposed',
];

const unprocessable = (type: string, detail: string): Refusal => ({ status: 422, type, detail });

const complete: Guard = (facts) =>
  facts.missingForSubmit.length === 0
    ? null
    : unprocessable('case-incomplete', `The case cannot be submitted without: ${facts.missingForSubmit.join(', ')}.`);

const hasDecisionDraft: Guard = (facts) => {
  if (facts.decisionDraft === 'complete') return null;
  return unprocessable(
    'decision-draft-missing',
    facts.decisionDraft === 'none'
      ? 'There is no decision draft to propose: PUT one to /decision first.'
      : 'The decision draft is incomplete: it needs an outcome and its reasoning.',
  );
};

const fourEyes: Guard = (facts, actor) =>
  facts.decisionProposerId !== null && facts.decisionProposerId === actor.id
    ? { status: 403, type: 'four-eyes', detail: 'A decision must be approved by someone other than its proposer.' }
    : null;

const appealWindowOpen: Guard = (facts) => {
  if (facts.appealWindow === 'open') return null;
  return unprocessable(
    'appeal-not-allowed',
    facts.appealWindow === 'none'
      ? 'The decision is final: the law allows no appeal in this election.'
      : 'The appeal window is over.',
  );
};

const closable: Guard = (facts) => {
  if (facts.remediesOutstanding > 0) {
    return unprocessable(
      'remedies-outstanding',
      `The case cannot close while ${facts.remediesOutstanding} remedy task(s) are not done.`,
    );
  }
  // Once the appellate body has decided, the window no longer matters.
  if (facts.state === 'published' && facts.appealWindow === 'open') {
    return unprocessable('appeal-window-open', 'The case cannot close while the appeal window is open.');
  }
  return null;
};

/** DOMAIN.md "Workflow", row by row. */
export const CASE_WORKFLOW: readonly TransitionRule[] = [
  {
    from: ['draft'],
    action: 'submit',
    to: 'filed',
    who: ['complainant'],
    fields: [],
    // The reference is taken last: its row lock queues concurrent filings until this one commits.
    effects: ['snapshot_links', 'assign_reference', 'notify_officers'],
    guard: complete,
  },
  {
    from: ['filed'],
    action: 'register',
    to: 'registered',
    who: ['officer'],
    fields: [],
    effects: ['notify_complainant'],
  },
  {
    from: ['filed'],
    action: 'reject',
    to: 'inadmissible',
    who: ['officer'],
    fields: ['reason'],
    effects: ['record_closing_reason', 'notice_rejection'],
  },
  {
    from: ['registered'],
    action: 'assign',
    to: 'under_review',
    who: ['officer'],
    fields: ['assignee'],
    effects: ['set_assignee'],
  },
  {
    from: ['under_review'],
    action: 'request_information',
    to: 'awaiting_information',
    who: ['officer'],
    fields: ['message'],
    effects: ['pause_clock', 'notify_complainant'],
  },
  {
    from: ['awaiting_information'],
    action: 'provide_information',
    to: 'under_review',
    who: ['complainant'],
    fields: ['message'],
    effects: ['resume_clock', 'notify_officers'],
  },
  {
    from: ['under_review'],
    action: 'schedule_hearing',
    to: 'hearing_scheduled',
    who: ['officer'],
    fields: ['at', 'place'],
    effects: ['schedule_hearing', 'notify_parties'],
  },
  {
    from: ['hearing_scheduled'],
    action: 'record_hearing',
    to: 'under_review',
    who: ['officer'],
    fields: ['minutes'],
    effects: ['record_hearing'],
  },
  {
    from: ['under_review'],
    action: 'order_recount',
    to: 'under_review',
    who: ['officer'],
    fields: ['stationCodes'],
    effects: ['order_recounts', 'notify_parties'],
  },
  {
    from: ['under_review'],
    action: 'propose_decision',
    to: 'decision_proposed',
    who: ['officer'],
    fields: [],
    effects: ['propose_decision'],
    guard: hasDecisionDraft,
  },
  {
    from: ['decision_proposed'],
    action: 'return',
    to: 'under_review',
    who: ['adjudicator'],
    fields: ['comments'],
    effects: ['return_decision'],
  },
  {
    from: ['decision_proposed'],
    action: 'approve',
    to: 'decided',
    who: ['adjudicator'],
    fields: [],
    effects: ['approve_decision'],
    guard: fourEyes,
  },
  {
    from: ['decided'],
    action: 'publish',
    to: 'published',
    who: ['adjudicator'],
    fields: [],
    effects: ['publish_decision', 'apply_remedies', 'notice_decision'],
  },
  {
    from: ['published'],
    action: 'appeal',
    to: 'appealed',
    who: ['complainant', 'respondent'],
    fields: ['reason'],
    effects: ['record_appeal', 'notify_officers'],
    guard: appealWindowOpen,
  },
  {
    from: ['appealed'],
    action: 'record_appeal_outcome',
    to: 'appeal_decided',
    who: ['officer'],
    fields: ['outcome', 'appellateReference'],
    effects: ['record_appeal_outcome', 'notify_parties'],
  },
  {
    from: ['published', 'appeal_decided'],
    action: 'close',
    to: 'closed',
    who: ['officer', 'system'],
    fields: [],
    effects: [],
    guard: closable,
  },
  {
    from: OPEN_BEFORE_DECISION,
    action: 'withdraw',
    to: 'withdrawn',
    who: ['complainant'],
    fields: ['reason'],
    effects: ['record_closing_reason', 'resume_clock', 'notify_officers'],
  },
  {
    from: ['filed', 'registered', 'under_review'],
    action: 'merge',
    to: 'merged',
    who: ['officer'],
    fields: ['targetReference'],
    effects: ['merge_into_target', 'notify_complainant'],
  },
];

export type Decision =
  { ok: true; from: CaseState; to: CaseState; rule: TransitionRule } | { ok: false; refusal: Refusal };

export function mayAct(who: readonly Participant[], actor: Actor): boolean {
  return who.some((participant) => {
    switch (participant) {
      case 'complainant':
        return actor.isComplainant;
      case 'respondent':
        return actor.isRespondent;
      case 'officer':
        return actor.role === 'officer' || actor.role === 'adjudicator';
      case 'adjudicator':
        return actor.role === 'adjudicator';
      case 'system':
        return actor.role === 'system';
    }
  });
}

const rulesOf = new Map<CaseAction, TransitionRule[]>(
  CASE_ACTIONS.map((action) => [action, CASE_WORKFLOW.filter((r) => r.action === action)]),
);

/**
 * May `actor` take `action` on a case with these facts? 403 when the caller's standing never
 * allows the action (or the four-eyes rule forbids it), 409 when the case's state does not, 422
 * when a requirement of the step is unmet.
 */
export function decide(facts: CaseFacts, action: CaseAction, actor: Actor): Decision {
  const rules = rulesOf.get(action) ?? [];
  const rule = rules.find((r) => r.from.includes(facts.state));
  if (!rule || !mayAct(rule.who, actor)) {
    if (!rules.some((r) => mayAct(r.who, actor))) {
      return {
        ok: false,
        refusal: { status: 403, type: 'forbidden', detail: `You may not ${words(action)} this case.` },
      };
    }
    if (!rule) {
      return {
        ok: false,
        refusal: {
          status: 409,
          type: 'illegal-transition',
          detail: `A case that is ${words(facts.state)} cannot be ${pastTense(action)}.`,
        },
      };
    }
    return {
      ok: false,
      refusal: {
        status: 403,
        type: 'forbidden',
        detail: `You may not ${words(action)} a case that is ${words(facts.state)}.`,
      },
    };
  }
  const refusal = rule.guard?.(facts, actor);
  if (refusal) return { ok: false, refusal };
  return { ok: true, from: facts.state, to: rule.to, rule };
}

/** The actions `actor` may take now: the same question `decide()` answers, asked of every action. */
export function allowedActions(facts: CaseFacts, actor: Actor): CaseAction[] {
  return CASE_ACTIONS.filter((action) => decide(facts, action, actor).ok);
}

/** The fields each action takes, from the table. */
export function fieldsOf(action: CaseAction): readonly TransitionField[] {
  return rulesOf.get(action)?.[0]?.fields ?? [];
}

const words = (term: string) => term.replace(/_/g, ' ');

function pastTense(action: CaseAction): string {
  const irregular: Partial<Record<CaseAction, string>> = {
    submit: 'submitted',
    return: 'returned',
    withdraw: 'withdrawn',
    order_recount: 'given a recount order',
    request_information: 'asked for information',
    provide_information: 'given information',
    schedule_hearing: 'given a hearing',
    record_hearing: 'given hearing minutes',
    propose_decision: 'given a proposed decision',
    record_appeal_outcome: 'given an appeal outcome',
    appeal: 'appealed',
  };
  return irregular[action] ?? `${words(action)}${action.endsWith('e') ? 'd' : 'ed'}`;
}

/** The table as a Mermaid state diagram, for the library's README. */
export function workflowMermaid(): string {
  const lines = ['stateDiagram-v2', '  [*] --> draft'];
  for (const rule of CASE_WORKFLOW) {
    for (const from of rule.from) lines.push(`  ${from} --> ${rule.to}: ${rule.action}`);
  }
  for (const terminal of ['inadmissible', 'withdrawn', 'merged', 'closed']) lines.push(`  ${terminal} --> [*]`);
  return lines.join('\n');
}
