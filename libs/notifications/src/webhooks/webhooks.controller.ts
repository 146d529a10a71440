import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, Idempotent } from '@app/platform';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/identity';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { DeadLetterDto, DeadLetterListQuery, DeadLetterPageDto } from './dto/dead-letter.dto';
import { CreatedWebhookDto, WebhookPageDto } from './dto/webhook.dto';
import { WebhookListQuery } from './dto/webhook-list.query';
import { WebhooksService } from './webhooks.service';

/** Signed webhooks to party systems (README "Webhooks" for the signature), for admins. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@ApiProblems(401, 403)
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: "Subscribe a party system to its party's notifications",
    description: 'The answer carries the signing secret, generated when none is given; it is never shown again.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(400, 409, 422)
  create(@Body() body: CreateWebhookDto, @CurrentUser() user: AuthenticatedUser): Promise<CreatedWebhookDto> {
    return this.webhooks.create(body, user.id);
  }

  @Get()
  @ApiOperation({ summary: 'Webhook subscriptions, by party (secrets are not shown)' })
  @ApiOkResponse({ type: WebhookPageDto })
  @ApiProblems(400)
  list(@Query() query: WebhookListQuery): Promise<WebhookPageDto> {
    return this.webhooks.list(query);
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Deliveries that failed every attempt, newest first' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  @ApiProblems(400)
  deadLetters(@Query() query: DeadLetterListQuery): Promise<DeadLetterPageDto> {
    return this.webhooks.deadLetters(query);
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a dead letter again, with a fresh round of attempts' })
  @ApiAcceptedResponse({ type: DeadLetterDto })
  @ApiProblems(404, 409)
  replay(@Param('id') id: string): Promise<DeadLetterDto> {
    return this.webhooks.replay(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a subscription; its pending deliveries stop' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  remove(@Param('id') id: string): Promise<void> {
    return this.webhooks.remove(id);
  }
}
