import type { AuthenticatedUser } from '@app/identity';
import { Problem } from '@app/platform';
import type { Case } from '../case.entity';
import type { NoteVisibility } from '../notes/case-note.entity';
import { TERMINAL_STATES } from '../workflow/case-terms';
import { isCaseworker, isComplainantSide, isRespondentSide } from './case-visibility';

/*
 * Who reads and adds what on a case the caller can already see (CaseFinder answered 404 otherwise):
 * evidence and notes (DOMAIN.md "Cases", "Roles"). A refusal here is 403 (the caller's standing
 * never allows it) or 409 (the case is closed to the complainant's side); hidden records are 404.
 */

/** How the caller stands to a case it can see. */
export type Standing = 'complainant' | 'respondent' | 'caseworker';

export function standingOf(c: Case, user: AuthenticatedUser): Standing {
  if (isComplainantSide(c, user)) return 'complainant';
  if (isCaseworker(user)) return 'caseworker';
  if (isRespondentSide(c, user)) return 'respondent';
  // CaseFinder lets no one else through; refuse rather than guess.
  throw Problem.notFound('There is no such case.');
}

const closed = (c: Case) => TERMINAL_STATES.includes(c.state);

function closedToComplainant(c: Case, what: string): Problem {
  return Problem.conflict(
    `The case is ${c.state.replace(/_/g, ' ')}: the complainant can no longer add ${what}.`,
    'case-closed',
  );
}

/** The complainant's side while the case is open, and the caseworkers of its jurisdiction. */
export function checkMayAddEvidence(c: Case, standing: Standing): void {
  if (standing === 'respondent') {
    throw Problem.forbidden('Evidence is added by the complainant and the caseworkers, not the respondent.');
  }
  if (standing === 'complainant' && closed(c)) throw closedToComplainant(c, 'evidence');
}

/** The respondent sees public evidence only; the complainant's side and caseworkers see all of it. */
export function maySeeEvidence(evidence: { public: boolean }, standing: Standing): boolean {
  return evidence.public || standing !== 'respondent';
}

/** Internal notes are the caseworkers'; `complainant` notes are between them and the complainant. */
export function readableNotes(standing: Standing): readonly NoteVisibility[] {
  switch (standing) {
    case 'caseworker':
      return ['internal', 'complainant'];
    case 'complainant':
      return ['complainant'];
    case 'respondent':
      return [];
  }
}

export function checkMayReadNotes(standing: Standing): void {
  if (readableNotes(standing).length === 0) {
    throw Problem.forbidden('Notes are between the complainant and the caseworkers; the respondent has none.');
  }
}

export function checkMayWriteNote(c: Case, standing: Standing, visibility: NoteVisibility): void {
  checkMayReadNotes(standing);
  if (!readableNotes(standing).includes(visibility)) {
    throw Problem.forbidden('Internal notes are written by officers and adjudicators only.');
  }
  if (standing === 'complainant' && closed(c)) throw closedToComplainant(c, 'messages');
}

/**
 * Whether a history entry about a note or a piece of evidence may be shown: the trail must not say
 * that an internal note, a message or private evidence exists to those who may not read it.
 */
export function maySeeHistoryEntry(entry: { action: string; after: unknown }, standing: Standing): boolean {
  const after = (entry.after ?? {}) as { visibility?: NoteVisibility; public?: boolean };
  if (entry.action === 'add_note')
    return after.visibility !== undefined && readableNotes(standing).includes(after.visibility);
  if (entry.action === 'add_evidence') return maySeeEvidence({ public: after.public === true }, standing);
  return true;
}
