import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@app/identity';
import {
  Actor,
  allowedActions,
  CASE_WORKFLOW,
  CaseFacts,
  decide,
  SYSTEM_ACTOR,
  workflowMermaid,
} from './case-workflow';
import { CASE_ACTIONS, CASE_STATES, CaseAction, CaseState } from './case-terms';

/*
 * DOMAIN.md's workflow table, written out again by hand as (from, action, to, who). The tests hold
 * the code's table to it for every state × action × kind of caller, so a row changed by mistake in
 * one place fails here.
 */
type Who = 'complainant' | 'respondent' | 'officer' | 'adjudicator' | 'system';
const ROWS: [from: CaseState, action: CaseAction, to: CaseState, who: Who[]][] = [
  ['draft', 'submit', 'filed', ['complainant']],
  ['filed', 'register', 'registered', ['officer', 'adjudicator']],
  ['filed', 'reject', 'inadmissible', ['officer', 'adjudicator']],
  ['registered', 'assign', 'under_review', ['officer', 'adjudicator']],
  ['under_review', 'request_information', 'awaiting_information', ['officer', 'adjudicator']],
  ['awaiting_information', 'provide_information', 'under_review', ['complainant']],
  ['under_review', 'schedule_hearing', 'hearing_scheduled', ['officer', 'adjudicator']],
  ['hearing_scheduled', 'record_hearing', 'under_review', ['officer', 'adjudicator']],
  ['under_review', 'order_recount', 'under_review', ['officer', 'adjudicator']],
  ['under_review', 'propose_decision', 'decision_proposed', ['officer', 'adjudicator']],
  ['decision_proposed', 'return', 'under_review', ['adjudicator']],
  ['decision_proposed', 'approve', 'decided', ['adjudicator']],
  ['decided', 'publish', 'published', ['adjudicator']],
  ['published', 'appeal', 'appealed', ['complainant', 'respondent']],
  ['appealed', 'record_appeal_outcome', 'appeal_decided', ['officer', 'adjudicator']],
  ['published', 'close', 'closed', ['officer', 'adjudicator', 'system']],
  ['appeal_decided', 'close', 'closed', ['officer', 'adjudicator', 'system']],
  ...(
    [
      'draft',
      'filed',
      'registered',
      'under_review',
      'awaiting_information',
      'hearing_scheduled',
      'decision_proposed',
    ] as CaseState[]
  ).map((from): [CaseState, CaseAction, CaseState, Who[]] => [from, 'withdraw', 'withdrawn', ['complainant']]),
  ...(['filed', 'registered', 'under_review'] as CaseState[]).map((from): [CaseState, CaseAction, CaseState, Who[]] => [
    from,
    'merge',
    'merged',
    ['officer', 'adjudicator'],
  ]),
];

const actor = (role: Role | 'system', standing: Partial<Actor> = {}): Actor =>
  role === 'system' ? SYSTEM_ACTOR : { id: `${role}-1`, role, isComplainant: false, isRespondent: false, ...standing };

const CALLERS: Record<Who | 'stranger' | 'admin', Actor> = {
  complainant: actor('party_agent', { isComplainant: true }),
  respondent: actor('party_agent', { isRespondent: true }),
  officer: actor('officer'),
  adjudicator: actor('adjudicator'),
  system: SYSTEM_ACTOR,
  stranger: actor('party_agent'),
  admin: actor('admin'),
};

/** Facts under which every guard passes, so that only the state and the caller decide. */
const passing = (state: CaseState): CaseFacts => ({
  state,
  missingForSubmit: [],
  decisionDraft: 'complete',
  decisionProposerId: 'someone-else',
  appealWindow: state === 'published' ? 'open' : 'over',
  remediesOutstanding: 0,
});

describe('the case workflow table', () => {
  it('has exactly the rows of DOMAIN.md', () => {
    const code = CASE_WORKFLOW.flatMap((r) => r.from.map((from) => `${from} --${r.action}--> ${r.to}`)).sort();
    const domain = ROWS.map(([from, action, to]) => `${from} --${action}--> ${to}`).sort();
    expect(code).toEqual(domain);
  });

  describe.each(CASE_STATES)('in state %s', (state) => {
    it.each(CASE_ACTIONS)(
      '%s: allowed for exactly the callers of DOMAIN.md, refused with the right status otherwise',
      (action) => {
        // A close is refused while the appeal window is open; judge close on an expired window.
        const facts = action === 'close' ? { ...passing(state), appealWindow: 'over' as const } : passing(state);
        const row = ROWS.find(([from, a]) => from === state && a === action);
        for (const [name, caller] of Object.entries(CALLERS)) {
          const decision = decide(facts, action, caller);
          const mayEver = ROWS.some(([, a, , who]) => a === action && who.includes(name as Who));
          if (row && row[3].includes(name as Who)) {
            expect(decision).toMatchObject({ ok: true, from: state, to: row[2] });
          } else if (!mayEver) {
            expect(decision).toMatchObject({ ok: false, refusal: { status: 403 } });
          } else if (!row) {
            expect(decision).toMatchObject({ ok: false, refusal: { status: 409, type: 'illegal-transition' } });
          } else {
            expect(decision).toMatchObject({ ok: false, refusal: { status: 403 } });
          }
        }
      },
    );
  });

  it('allowedActions lists what decide() allows, and nothing else', () => {
    for (const state of CASE_STATES) {
      for (const caller of Object.values(CALLERS)) {
        const facts = passing(state);
        expect(allowedActions(facts, caller)).toEqual(CASE_ACTIONS.filter((a) => decide(facts, a, caller).ok));
      }
    }
  });
});

describe('the guards of the table', () => {
  it('a submit without the required fields answers 422 naming them', () => {
    const decision = decide(
      { ...passing('draft'), missingForSubmit: ['title', 'incidentDate'] },
      'submit',
      CALLERS.complainant,
    );
    expect(decision).toMatchObject({ ok: false, refusal: { status: 422, type: 'case-incomplete' } });
    expect(!decision.ok && decision.refusal.detail).toContain('title, incidentDate');
  });

  it('a second approval by the proposer answers 403 (four eyes)', () => {
    const adjudicator = CALLERS.adjudicator;
    const decision = decide(
      { ...passing('decision_proposed'), decisionProposerId: adjudicator.id },
      'approve',
      adjudicator,
    );
    expect(decision).toMatchObject({ ok: false, refusal: { status: 403, type: 'four-eyes' } });
    expect(decide(passing('decision_proposed'), 'approve', adjudicator).ok).toBe(true);
  });

  it('propose_decision needs a complete draft', () => {
    for (const draft of ['none', 'incomplete'] as const) {
      expect(
        decide({ ...passing('under_review'), decisionDraft: draft }, 'propose_decision', CALLERS.officer),
      ).toMatchObject({
        ok: false,
        refusal: { status: 422, type: 'decision-draft-missing' },
      });
    }
  });

  it('an appeal needs an open window; where the law allows none the decision is final', () => {
    const closed = decide({ ...passing('published'), appealWindow: 'over' }, 'appeal', CALLERS.complainant);
    const none = decide({ ...passing('published'), appealWindow: 'none' }, 'appeal', CALLERS.respondent);
    expect(closed).toMatchObject({ ok: false, refusal: { status: 422, detail: 'The appeal window is over.' } });
    expect(none).toMatchObject({ ok: false, refusal: { status: 422 } });
    expect(!none.ok && none.refusal.detail).toContain('final');
  });

  it('close waits for the remedies and for the appeal window', () => {
    expect(
      decide({ ...passing('published'), appealWindow: 'over', remediesOutstanding: 2 }, 'close', SYSTEM_ACTOR),
    ).toMatchObject({
      ok: false,
      refusal: { status: 422, type: 'remedies-outstanding' },
    });
    expect(decide({ ...passing('published'), appealWindow: 'open' }, 'close', CALLERS.officer)).toMatchObject({
      ok: false,
      refusal: { status: 422, type: 'appeal-window-open' },
    });
    expect(decide({ ...passing('published'), appealWindow: 'none' }, 'close', SYSTEM_ACTOR).ok).toBe(true);
  });
});

it('the README diagram is drawn from the table', () => {
  const diagram = workflowMermaid();
  for (const [from, action, to] of ROWS) expect(diagram).toContain(`${from} --> ${to}: ${action}`);
});

it('the library README shows the diagram the table draws', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(workflowMermaid());
});
