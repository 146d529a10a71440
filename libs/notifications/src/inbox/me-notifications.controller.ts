import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@app/platform';
import { type AuthenticatedUser, CurrentUser } from '@app/identity';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationListQuery } from './dto/notification-list.query';
import { NotificationsService } from './notifications.service';

/** The caller's own inbox; every role has one. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/me/notifications')
export class MeNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first; `unread=true` for the unread ones only' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: NotificationListQuery): Promise<NotificationPageDto> {
    return this.notifications.inbox(user.id, query);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of my notifications read (again: no change)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(404)
  read(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
