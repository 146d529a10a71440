import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EmailNotificationJob } from '@app/platform';
import { MailerService } from './mailer.service';

interface EmailRow {
  id: string;
  case_reference: string | null;
  title: string;
  body: string;
  email: string | null;
  emailed_at: Date | null;
}

/**
 * Sends one notice to one user. `emailed_at` is stamped once the SMTP server has taken the
 * message, so a retried or repeated job sends nothing more; the Message-ID is the notice's own,
 * so even a crash between sending and stamping gives a duplicate that mail systems can recognise.
 */
@Injectable()
export class EmailDelivery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailer: MailerService,
  ) {}

  async deliver(job: EmailNotificationJob): Promise<'sent' | 'skipped' | 'not-committed'> {
    const [row]: EmailRow[] = await this.db.query(
      `SELECT n.id, n.case_reference, n.title, n.body, n.emailed_at, u.email
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.event_id = $1 AND n.user_id = $2`,
      [job.eventId, job.userId],
    );
    // Not there yet: the fan-out that queued this job has not committed yet.
    if (!row) return 'not-committed';
    if (row.emailed_at || !row.email || !this.mailer.enabled) return 'skipped';
    await this.mailer.send({
      to: row.email,
      subject: row.case_reference ? `${row.case_reference}: ${row.title}` : row.title,
      text: row.body,
      messageId: `<${row.id}@notifications.recourse>`,
    });
    await this.db.query('UPDATE notifications SET emailed_at = now() WHERE id = $1 AND emailed_at IS NULL', [row.id]);
    return 'sent';
  }

  /** The last attempt failed too: the notice keeps why, for the admins' list of failed emails. */
  async giveUp(job: EmailNotificationJob, attempts: number, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET email_failed_at = now(), email_error = left($3, 500), email_attempts = $4
        WHERE event_id = $1 AND user_id = $2 AND emailed_at IS NULL`,
      [job.eventId, job.userId, error, attempts],
    );
  }
}
