import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { Environment } from '@app/platform';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification, so a mail system can recognise a repeat. */
  messageId: string;
}

/** SMTP through nodemailer, one pooled transport per process; off when SMTP_URL is empty. */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private transport?: Transporter;

  constructor(private readonly env: Environment) {}

  get enabled(): boolean {
    return this.env.SMTP_URL !== '';
  }

  async send(mail: OutgoingMail): Promise<void> {
    this.transport ??= createTransport(this.env.SMTP_URL, { from: this.env.MAIL_FROM });
    await this.transport.sendMail({ ...mail, messageId: mail.messageId });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
