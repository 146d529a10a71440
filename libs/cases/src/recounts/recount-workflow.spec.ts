import { ROLES, type Role } from '@app/identity';
import {
  allowedRecountActions,
  decideRecount,
  RECOUNT_ACTIONS,
  RECOUNT_STATES,
  type RecountAction,
  type RecountState,
} from './recount-workflow';

/** DOMAIN.md "Recounts", written out again by hand: the moves, and who may make them. */
const MOVES: Partial<Record<RecountState, Partial<Record<RecountAction, RecountState>>>> = {
  ordered: { schedule: 'scheduled', cancel: 'cancelled' },
  scheduled: { enter_figures: 'counted', cancel: 'cancelled' },
  counted: { enter_figures: 'counted', certify: 'certified', cancel: 'cancelled' },
};
const WHO: Record<RecountAction, readonly Role[]> = {
  schedule: ['officer', 'adjudicator'],
  enter_figures: ['officer', 'adjudicator'],
  certify: ['adjudicator'],
  cancel: ['officer', 'adjudicator'],
};

describe('the recount table', () => {
  const cases = RECOUNT_STATES.flatMap((state) =>
    RECOUNT_ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role] as const)),
  );

  it.each(cases)('%s × %s × %s', (state, action, role) => {
    const decision = decideRecount(state, action, role);
    const to = MOVES[state]?.[action];
    if (!WHO[action].includes(role)) {
      expect(decision).toMatchObject({ ok: false, status: 403 });
    } else if (to === undefined) {
      expect(decision).toMatchObject({ ok: false, status: 409 });
    } else {
      expect(decision).toMatchObject({ ok: true, from: state, to });
    }
  });

  it('certified and cancelled recounts take no further step from anyone', () => {
    for (const role of ROLES) {
      expect(allowedRecountActions('certified', role)).toEqual([]);
      expect(allowedRecountActions('cancelled', role)).toEqual([]);
    }
  });

  it('only an adjudicator may certify counted figures; an officer may count them again or cancel', () => {
    expect(allowedRecountActions('counted', 'adjudicator')).toEqual(['enter_figures', 'certify', 'cancel']);
    expect(allowedRecountActions('counted', 'officer')).toEqual(['enter_figures', 'cancel']);
  });

  it('parties, observers and admins take no step in any state', () => {
    for (const state of RECOUNT_STATES) {
      for (const role of ['party_agent', 'observer', 'admin'] as const) {
        expect(allowedRecountActions(state, role)).toEqual([]);
      }
    }
  });
});
