import type { DeadlinePolicy } from '@app/elections';
import { Case } from './case.entity';
import { appealWindow } from './deadlines/case-deadline';
import { CaseFacts } from './workflow/case-workflow';

/** What the workflow's guards read besides the case row. */
export interface FactsRow {
  outcome: string | null;
  reasoning: string | null;
  proposed_by: string | null;
  open_recounts: number;
  linked_stations: number;
}

/** The case's decision draft, open recounts and links, for the case whose id is the SQL expression `caseId`. */
export const factsSql = (caseId: string) => `SELECT d.outcome, d.reasoning, d.proposed_by,
         (SELECT count(*)::int FROM recounts r WHERE r.case_id = ${caseId} AND r.state NOT IN ('certified', 'cancelled')) AS open_recounts,
         (SELECT count(*)::int FROM case_stations l WHERE l.case_id = ${caseId}) AS linked_stations
    FROM (SELECT 1) one LEFT JOIN decisions d ON d.case_id = ${caseId} AND d.amends_id IS NULL`;

export function factsOf(c: Case, row: FactsRow, policy: DeadlinePolicy, now: Date): CaseFacts {
  return {
    state: c.state,
    missingForSubmit: missingForSubmit(c, row.linked_stations),
    decisionDraft: !row.outcome ? 'none' : row.reasoning && row.reasoning.trim().length > 0 ? 'complete' : 'incomplete',
    decisionProposerId: row.proposed_by,
    appealWindow: appealWindow(c, policy, now),
    remediesOutstanding: row.open_recounts,
  };
}

/** Fields a draft must have before it is filed. */
export function missingForSubmit(c: Case, linkedStations: number): string[] {
  const missing: string[] = [];
  if (!c.title) missing.push('title');
  if (!c.description) missing.push('description');
  if (!c.incidentDate) missing.push('incidentDate');
  if (!c.requestedRemedy) missing.push('requestedRemedy');
  if (c.kind === 'recount_request' && linkedStations === 0) missing.push('stationCodes');
  return missing;
}
