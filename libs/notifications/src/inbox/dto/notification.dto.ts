import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Notification } from '../notification.entity';

/** One notice in the caller's inbox (CONTRACT.md "Cases"). */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'case.filed' })
  kind: string;

  @ApiPropertyOptional({ example: 'KH-2017-CC-000123' })
  caseReference?: string;

  @ApiProperty({ example: 'Your complaint KH-2017-CC-000123 was filed' })
  title: string;

  @ApiProperty({ description: 'The written notice, plain text.' })
  body: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Absent while unread.' })
  readAt?: string;

  static of(row: Notification): NotificationDto {
    return {
      id: row.id,
      kind: row.kind,
      ...(row.caseReference ? { caseReference: row.caseReference } : {}),
      title: row.title,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      ...(row.readAt ? { readAt: row.readAt.toISOString() } : {}),
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
