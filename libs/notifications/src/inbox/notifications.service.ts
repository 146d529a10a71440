import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeInstantIdCursor, isUuid, Problem, toPage } from '@app/platform';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationListQuery } from './dto/notification-list.query';
import { Notification } from './notification.entity';

/** The in-app inbox: each user sees and marks only their own notices. */
@Injectable()
export class NotificationsService {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /** Newest first. The cursor carries the timestamp to the microsecond, so no row is skipped or repeated. */
  async inbox(userId: string, query: NotificationListQuery): Promise<NotificationPageDto> {
    const qb = this.notifications
      .createQueryBuilder('n')
      .addSelect(`to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'created_key')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(query.limit + 1);
    if (query.unread !== undefined) qb.andWhere(query.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (query.cursor) {
      const [at, id] = decodeInstantIdCursor(query.cursor);
      qb.andWhere('(n.created_at, n.id) < (:at::timestamptz, :id::uuid)', { at, id });
    }
    const { entities, raw } = await qb.getRawAndEntities<{ created_key: string }>();
    const rows = entities.map((entity, i) => ({ entity, key: raw[i].created_key }));
    const page = toPage(rows, query.limit, (r) => [r.key, r.entity.id]);
    return { items: page.items.map((r) => NotificationDto.of(r.entity)), nextCursor: page.nextCursor };
  }

  /** Marks a notice read; reading it again keeps the first time. Another user's notice is not found. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    if (!isUuid(id)) throw Problem.notFound(`No notification ${id}.`);
    await this.notifications
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'coalesce(read_at, now())' })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
    const row = await this.notifications.findOneBy({ id, userId });
    if (!row) throw Problem.notFound(`No notification ${id}.`);
    return NotificationDto.of(row);
  }
}
