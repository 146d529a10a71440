import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { decodeInstantIdCursor, isUuid, OutboxService, PageQuery, Problem, toPage } from '@app/platform';
import { EmailFailureDto, EmailFailurePageDto } from './dto/email-failure.dto';

/** The outbox event of a resend; the worker puts the email back on the `notifications` queue. */
export const EMAIL_RESEND_REQUESTED = 'notifications.email_resend_requested';

interface FailureRow {
  id: string;
  event_id: string;
  user_id: string;
  username: string;
  email: string | null;
  kind: string;
  case_reference: string | null;
  title: string;
  email_attempts: number;
  email_error: string;
  email_failed_at: Date;
  failed_key: string;
}

const FAILURES = `
  SELECT n.id, n.event_id, n.user_id, u.username, u.email, n.kind, n.case_reference, n.title,
         n.email_attempts, n.email_error, n.email_failed_at,
         to_char(n.email_failed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS failed_key
    FROM notifications n JOIN users u ON u.id = n.user_id`;

/** Admins' side of email: the notices whose email gave up, and sending one again. */
@Injectable()
export class EmailFailuresService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
  ) {}

  /** Newest failure first; a notice leaves the list when it is sent again. */
  async list(query: PageQuery): Promise<EmailFailurePageDto> {
    const params: unknown[] = [query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [at, id] = decodeInstantIdCursor(query.cursor);
      params.push(at, id);
      after = 'AND (n.email_failed_at, n.id) < ($2::timestamptz, $3::uuid)';
    }
    const rows: FailureRow[] = await this.txHost.tx.query(
      `${FAILURES} WHERE n.email_failed_at IS NOT NULL ${after}
        ORDER BY n.email_failed_at DESC, n.id DESC LIMIT $1`,
      params,
    );
    const page = toPage(rows, query.limit, (r) => [r.failed_key, r.id]);
    return { items: page.items.map(failureOf), nextCursor: page.nextCursor };
  }

  /**
   * Sends a failed email again, with a fresh round of attempts, to the user's address as it is now.
   * The request commits with an outbox event, so it is not lost while Redis is away; answers the
   * failure being retried. 404 for no such failed email, 409 when it is not (or no longer) failed.
   */
  @Transactional()
  async resend(id: string): Promise<EmailFailureDto> {
    const [row]: FailureRow[] = isUuid(id)
      ? await this.txHost.tx.query(`${FAILURES} WHERE n.id = $1 FOR UPDATE OF n`, [id])
      : [];
    if (!row) throw Problem.notFound(`No notice ${id}.`);
    if (!row.email_failed_at) {
      throw Problem.conflict(`The email of notice ${id} has not failed, or is being sent again.`, 'not-failed');
    }
    await this.txHost.tx.query(
      `UPDATE notifications SET email_failed_at = NULL, email_error = NULL, email_attempts = 0 WHERE id = $1`,
      [id],
    );
    await this.outbox.append(EMAIL_RESEND_REQUESTED, {
      notificationId: id,
      eventId: row.event_id,
      userId: row.user_id,
    });
    return failureOf(row);
  }
}

function failureOf(row: FailureRow): EmailFailureDto {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    email: row.email,
    kind: row.kind,
    caseReference: row.case_reference,
    title: row.title,
    attempts: row.email_attempts,
    error: row.email_error,
    failedAt: row.email_failed_at.toISOString(),
  };
}
