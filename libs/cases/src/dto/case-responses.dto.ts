import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CaseSummaryDto } from './case.dto';

export class BulkItemDto {
  @ApiProperty()
  reference: string;

  @ApiProperty({ description: 'HTTP status this case alone would have had: 200, or the refusal.' })
  status: number;

  @ApiPropertyOptional()
  version?: number;

  @ApiPropertyOptional({ description: 'The problem+json body of a refusal.' })
  problem?: Record<string, unknown>;
}

export class BulkResultDto {
  @ApiProperty({ type: [BulkItemDto] })
  items: BulkItemDto[];
}

export class DuplicateDto extends CaseSummaryDto {
  @ApiProperty({ type: [String] })
  sharedStations: string[];
}

export class DuplicatesResponseDto {
  @ApiProperty({ nullable: true, type: String })
  reference: string | null;

  @ApiProperty({ type: [DuplicateDto] })
  items: DuplicateDto[];
}

export class HistoryEntryDto {
  @ApiProperty()
  seq: number;

  @ApiProperty()
  action: string;

  @ApiProperty({ nullable: true, type: String })
  from: string | null;

  @ApiProperty({ nullable: true, type: String })
  to: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Username, or `system`.' })
  actor: string | null;

  @ApiProperty({ nullable: true, type: String })
  actorRole: string | null;

  @ApiProperty()
  at: string;

  @ApiProperty({ nullable: true, type: String })
  reason: string | null;

  @ApiPropertyOptional({ description: 'Caseworkers only.' })
  before?: unknown;

  @ApiPropertyOptional({ description: 'Caseworkers only.' })
  after?: unknown;

  @ApiProperty({ description: 'SHA-256 over the previous hash and this entry.' })
  hash: string;

  @ApiProperty()
  prevHash: string;
}

export class HistoryDto {
  @ApiProperty({ nullable: true, type: String })
  reference: string | null;

  @ApiProperty({ type: [HistoryEntryDto] })
  items: HistoryEntryDto[];
}
