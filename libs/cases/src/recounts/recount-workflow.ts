import type { Role } from '@app/identity';

/** DOMAIN.md "Recounts" as a table, read the same way as the case workflow. */
export const RECOUNT_STATES = ['ordered', 'scheduled', 'counted', 'certified', 'cancelled'] as const;
export type RecountState = (typeof RECOUNT_STATES)[number];

export const RECOUNT_ACTIONS = ['schedule', 'enter_figures', 'certify', 'cancel'] as const;
export type RecountAction = (typeof RECOUNT_ACTIONS)[number];

export interface RecountRule {
  from: readonly RecountState[];
  action: RecountAction;
  to: RecountState;
  /** Figures are entered by officers; certifying them makes them official, which adjudicators do. */
  who: readonly Role[];
  fields: readonly ('at' | 'place' | 'sheet' | 'reason')[];
}

export const RECOUNT_WORKFLOW: readonly RecountRule[] = [
  { from: ['ordered'], action: 'schedule', to: 'scheduled', who: ['officer', 'adjudicator'], fields: ['at', 'place'] },
  {
    from: ['scheduled', 'counted'],
    action: 'enter_figures',
    to: 'counted',
    who: ['officer', 'adjudicator'],
    fields: ['sheet'],
  },
  { from: ['counted'], action: 'certify', to: 'certified', who: ['adjudicator'], fields: [] },
  {
    from: ['ordered', 'scheduled', 'counted'],
    action: 'cancel',
    to: 'cancelled',
    who: ['officer', 'adjudicator'],
    fields: ['reason'],
  },
];

export type RecountDecision =
  | { ok: true; from: RecountState; to: RecountState; rule: RecountRule }
  | { ok: false; status: 403 | 409; detail: string };

export function decideRecount(state: RecountState, action: RecountAction, role: Role): RecountDecision {
  const rule = RECOUNT_WORKFLOW.find((r) => r.action === action);
  if (!rule || !rule.who.includes(role)) {
    return { ok: false, status: 403, detail: `Your role may not ${action.replace('_', ' ')} a recount.` };
  }
  if (!rule.from.includes(state)) {
    return { ok: false, status: 409, detail: `A recount that is ${state} cannot take "${action}".` };
  }
  return { ok: true, from: state, to: rule.to, rule };
}

export function allowedRecountActions(state: RecountState, role: Role): RecountAction[] {
  return RECOUNT_ACTIONS.filter((action) => decideRecount(state, action, role).ok);
}
