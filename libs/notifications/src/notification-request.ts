/** The outbox event type another library appends, in its transaction, to notify people. */
export const NOTIFICATION_REQUESTED = 'notification.requested';

/** Who is to be told: every list is optional, and a user matched twice is told once. */
export interface NotificationAudience {
  /** Users by id. */
  userIds?: string[];
  /** Every active party agent of these parties (and the parties' webhook subscriptions). */
  partyCodes?: string[];
  /** Every active observer of these organisations. */
  organisations?: string[];
  /** Active adjudicators of that province, plus the national ones (jurisdiction null). */
  supervisors?: { jurisdiction: string | null };
}

/** The payload of a `notification.requested` event. */
export interface NotificationRequest {
  /** e.g. 'case.filed', 'case.rejected', 'decision.published', 'deadline.reminder'. */
  kind: string;
  caseReference?: string;
  electionCode?: string;
  /** One line; may be Khmer. */
  title: string;
  /** Plain text: the written notice. */
  body: string;
  audience: NotificationAudience;
}

/** A request whose audience lists are all present (empty when not given). */
export interface ParsedNotificationRequest extends NotificationRequest {
  audience: Required<Omit<NotificationAudience, 'supervisors'>> & Pick<NotificationAudience, 'supervisors'>;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const stringList = (value: unknown): string[] | null =>
  value === undefined ? [] : Array.isArray(value) && value.every(isString) ? value : null;

/**
 * Reads an event's payload as a request, or says why it cannot be one. A malformed event is a
 * bug of its producer: retrying it would never help, so the consumer logs the reason and moves on.
 */
export function parseNotificationRequest(
  payload: Record<string, unknown>,
): { request: ParsedNotificationRequest } | { error: string } {
  const { kind, caseReference, electionCode, title, body, audience } = payload;
  if (!isString(kind) || kind.trim() === '') return { error: 'kind must be a non-empty string' };
  if (!isString(title) || title.trim() === '') return { error: 'title must be a non-empty string' };
  if (!isString(body)) return { error: 'body must be a string' };
  if (caseReference !== undefined && caseReference !== null && !isString(caseReference)) {
    return { error: 'caseReference must be a string' };
  }
  if (electionCode !== undefined && electionCode !== null && !isString(electionCode)) {
    return { error: 'electionCode must be a string' };
  }
  if (typeof audience !== 'object' || audience === null) return { error: 'audience must be an object' };
  const a = audience as Record<string, unknown>;
  const userIds = stringList(a.userIds);
  const partyCodes = stringList(a.partyCodes);
  const organisations = stringList(a.organisations);
  if (!userIds || !partyCodes || !organisations) {
    return { error: 'audience.userIds, partyCodes and organisations must be lists of strings' };
  }
  let supervisors: NotificationAudience['supervisors'];
  if (a.supervisors !== undefined && a.supervisors !== null) {
    const jurisdiction = (a.supervisors as { jurisdiction?: unknown }).jurisdiction ?? null;
    if (typeof a.supervisors !== 'object' || (jurisdiction !== null && !isString(jurisdiction))) {
      return { error: 'audience.supervisors.jurisdiction must be an area code or null' };
    }
    supervisors = { jurisdiction };
  }
  return {
    request: {
      kind,
      title: title.replace(/\s*[\r\n]+\s*/g, ' ').trim(), // one line, as a subject must be
      body,
      ...(isString(caseReference) ? { caseReference } : {}),
      ...(isString(electionCode) ? { electionCode } : {}),
      audience: { userIds, partyCodes, organisations, ...(supervisors ? { supervisors } : {}) },
    },
  };
}
