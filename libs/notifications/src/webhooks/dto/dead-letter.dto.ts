import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '@app/platform';

/** A webhook delivery that failed every attempt. */
export class DeadLetterDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'Also the `Recourse-Webhook-Id` the receiver saw.' })
  deliveryId: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  @ApiProperty({ example: 'CNRP' })
  partyCode: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ format: 'uuid', description: 'The outbox event the notification came from.' })
  eventId: string;

  @ApiProperty({ description: 'Attempts made before it was given up.' })
  attempts: number;

  @ApiProperty({ example: 'HTTP 503 Service Unavailable' })
  error: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The JSON body that was to be sent.' })
  payload: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  replayedAt: string | null;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] })
  items: DeadLetterDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class DeadLetterListQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: '`false` (the default): waiting ones; `true`: replayed ones.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  replayed?: boolean;
}
