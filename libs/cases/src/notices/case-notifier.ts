import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { OutboxService } from '@app/platform';

/** The audience of a notification; the notifications library resolves it to users when it delivers. */
export interface Audience {
  userIds?: string[];
  partyCodes?: string[];
  organisations?: string[];
  supervisors?: { jurisdiction: string | null };
}

export const NOTIFICATION_REQUESTED = 'notification.requested';

export interface NotificationRequest {
  kind: string;
  caseReference?: string;
  electionCode?: string;
  title: string;
  body: string;
  audience: Audience;
}

/** Asks for a notification inside the caller's transaction: it is delivered only if the change commits. */
@Injectable()
export class CaseNotifier {
  constructor(private readonly outbox: OutboxService) {}

  @Transactional(Propagation.Mandatory)
  async notify(request: NotificationRequest): Promise<void> {
    await this.outbox.append(NOTIFICATION_REQUESTED, { ...request });
  }
}
