import { ApiProperty } from '@nestjs/swagger';

/** A notice whose email failed every attempt. */
export class EmailFailureDto {
  @ApiProperty({ format: 'uuid', description: 'The notice (also its email’s Message-ID).' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ nullable: true, type: String, description: 'The address as it is now (a resend uses it).' })
  email: string | null;

  @ApiProperty({ example: 'case.decision_published' })
  kind: string;

  @ApiProperty({ nullable: true, type: String })
  caseReference: string | null;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'Attempts made before it was given up.' })
  attempts: number;

  @ApiProperty({ example: "Can't send mail - all recipients were rejected: 550 mailbox unavailable" })
  error: string;

  @ApiProperty({ format: 'date-time' })
  failedAt: string;
}

export class EmailFailurePageDto {
  @ApiProperty({ type: [EmailFailureDto] })
  items: EmailFailureDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
