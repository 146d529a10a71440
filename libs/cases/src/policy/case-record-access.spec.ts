import type { Case } from '../case.entity';
import {
  checkMayAddEvidence,
  checkMayWriteNote,
  maySeeEvidence,
  maySeeHistoryEntry,
  readableNotes,
  Standing,
} from './case-record-access';

const open = { state: 'under_review' } as Case;
const closed = { state: 'withdrawn' } as Case;
const status = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return (error as { getStatus(): number }).getStatus();
  }
};

describe('who reads and adds notes and evidence', () => {
  it.each<[Standing, Case, number | 'ok']>([
    ['complainant', open, 'ok'],
    ['complainant', closed, 409],
    ['caseworker', open, 'ok'],
    ['caseworker', closed, 'ok'],
    ['respondent', open, 403],
  ])('evidence from the %s on a %s case: %s', (standing, c, expected) => {
    expect(status(() => checkMayAddEvidence(c, standing))).toBe(expected);
  });

  it('the respondent sees public evidence only', () => {
    expect(maySeeEvidence({ public: false }, 'respondent')).toBe(false);
    expect(maySeeEvidence({ public: true }, 'respondent')).toBe(true);
    expect(maySeeEvidence({ public: false }, 'complainant')).toBe(true);
    expect(maySeeEvidence({ public: false }, 'caseworker')).toBe(true);
  });

  it.each<[Standing, 'internal' | 'complainant', Case, number | 'ok']>([
    ['caseworker', 'internal', open, 'ok'],
    ['caseworker', 'complainant', closed, 'ok'],
    ['complainant', 'complainant', open, 'ok'],
    ['complainant', 'internal', open, 403],
    ['complainant', 'complainant', closed, 409],
    ['respondent', 'complainant', open, 403],
    ['respondent', 'internal', open, 403],
  ])('a %s writing a %s note on a %s case: %s', (standing, visibility, c, expected) => {
    expect(status(() => checkMayWriteNote(c, standing, visibility))).toBe(expected);
  });

  it('notes readable by standing, and the history entries that follow them', () => {
    expect(readableNotes('caseworker')).toEqual(['internal', 'complainant']);
    expect(readableNotes('complainant')).toEqual(['complainant']);
    expect(readableNotes('respondent')).toEqual([]);
    const internal = { action: 'add_note', after: { visibility: 'internal' } };
    const message = { action: 'add_note', after: { visibility: 'complainant' } };
    const secret = { action: 'add_evidence', after: { public: false } };
    expect(maySeeHistoryEntry(internal, 'complainant')).toBe(false);
    expect(maySeeHistoryEntry(message, 'complainant')).toBe(true);
    expect(maySeeHistoryEntry(message, 'respondent')).toBe(false);
    expect(maySeeHistoryEntry(secret, 'respondent')).toBe(false);
    expect(maySeeHistoryEntry(secret, 'caseworker')).toBe(true);
    expect(maySeeHistoryEntry({ action: 'register', after: null }, 'respondent')).toBe(true);
  });
});
