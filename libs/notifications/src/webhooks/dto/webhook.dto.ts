import { ApiProperty } from '@nestjs/swagger';
import { WebhookSubscription } from '../webhook-subscription.entity';

/** A subscription as it is listed: never its secret. */
export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'CNRP' })
  partyCode: string;

  @ApiProperty({ example: 'https://party.example.org/recourse-hook' })
  url: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(row: WebhookSubscription): WebhookDto {
    return { id: row.id, partyCode: row.partyCode, url: row.url, createdAt: row.createdAt.toISOString() };
  }
}

/** The answer to creating a subscription: the one time its secret is shown. */
export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'The HMAC-SHA256 key of the signatures; keep it, it is not shown again.' })
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] })
  items: WebhookDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
