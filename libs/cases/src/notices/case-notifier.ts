import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { NOTIFICATION_REQUESTED, NotificationAudience, NotificationRequest } from '@app/notifications';
import { OutboxAppend, OutboxService } from '@app/platform';

/** Who is to be told; the notifications library resolves it to users when it delivers. */
export type Audience = NotificationAudience;

/** Asks for a notification inside the caller's transaction: it is delivered only if the change commits. */
@Injectable()
export class CaseNotifier {
  constructor(private readonly outbox: OutboxService) {}

  @Transactional(Propagation.Mandatory)
  async notify(request: NotificationRequest): Promise<void> {
    await this.outbox.append(NOTIFICATION_REQUESTED, { ...request });
  }

  /** The outbox event that asks for `request`, for a caller appending it with its own events in one statement. */
  static event(request: NotificationRequest): OutboxAppend {
    return { type: NOTIFICATION_REQUESTED, payload: { ...request } };
  }
}
