import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { RECOUNT_ACTIONS, RECOUNT_STATES, type RecountAction, type RecountState } from '../recount-workflow';

/** The figures of a recount as entered; checked by the service, so a sheet that is not one is 422 by field. */
export class RecountSheetInputDto {
  @ApiProperty() registeredVoters: number;
  @ApiProperty() ballotsCast: number;
  @ApiProperty() invalidBallots: number;
  @ApiProperty() validBallots: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { CPP: 200, CNRP: 150 } })
  votes: Record<string, number>;
  @ApiPropertyOptional() ballotsReceived?: number;
  @ApiPropertyOptional() ballotsUnused?: number;
  @ApiPropertyOptional() ballotsSpoiled?: number;
}

/** One step of a recount; which fields an action takes is the recount table's to say. */
export class RecountTransitionDto {
  @ApiProperty({ enum: RECOUNT_ACTIONS })
  @IsIn(RECOUNT_ACTIONS)
  action: RecountAction;

  @ApiProperty({ description: 'The version of the recount the step was based on; a stale one answers 409.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ description: 'schedule: when (ISO 8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  at?: string;

  @ApiPropertyOptional({ description: 'schedule: where' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  place?: string;

  @ApiPropertyOptional({ type: RecountSheetInputDto, description: 'enter_figures: the full sheet' })
  @IsOptional()
  @IsObject()
  sheet?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'cancel: why' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  reason?: string;
}

export class RecountSheetDto {
  @ApiProperty() sheetId: string;
  @ApiProperty() source: string;
  @ApiProperty() version: number;
  @ApiProperty() registeredVoters: number;
  @ApiProperty({ nullable: true, type: Number }) ballotsReceived: number | null;
  @ApiProperty() ballotsCast: number;
  @ApiProperty({ nullable: true, type: Number }) ballotsUnused: number | null;
  @ApiProperty({ nullable: true, type: Number }) ballotsSpoiled: number | null;
  @ApiProperty() invalidBallots: number;
  @ApiProperty() validBallots: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) votes: Record<string, number>;
  @ApiProperty({ type: [String] }) findings: string[];
  @ApiProperty({ nullable: true, type: String }) certifiedAt: string | null;
}

export class RecountDifferenceDto {
  @ApiProperty({ description: 'A figure in camelCase or a party code.' }) field: string;
  @ApiProperty({ description: 'The figure of the sheet the recount replaces.' }) official: number;
  @ApiProperty({ description: "The recount's figure." }) other: number;
  @ApiProperty({ description: 'other − official' }) difference: number;
}

export class RecountAllocationDto {
  @ApiProperty() areaCode: string;
  @ApiProperty() seats: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) before: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) after: Record<string, number>;
  @ApiProperty() changed: boolean;
}

export class RecountDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) caseReference: string | null;
  @ApiProperty() stationCode: string;
  @ApiProperty() stationName: string;
  @ApiProperty({ enum: RECOUNT_STATES }) state: RecountState;
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: String }) certifiedAt: string | null;
  @ApiProperty() orderedAt: string;
  @ApiProperty({
    type: RecountSheetDto,
    nullable: true,
    description:
      'The sheet the recount replaces: the current official sheet until figures are entered, then as it stood then.',
  })
  replaces: RecountSheetDto | null;
  @ApiProperty({ type: RecountSheetDto, nullable: true, description: 'The latest `recount` sheet version entered.' })
  figures: RecountSheetDto | null;
  @ApiProperty({ type: [RecountDifferenceDto], description: 'Field by field, once figures exist.' })
  differences: RecountDifferenceDto[];
  @ApiProperty({ type: RecountAllocationDto, nullable: true })
  allocation: RecountAllocationDto | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether the unit’s seats change; null before figures.' })
  allocationChanged: boolean | null;
  @ApiProperty({ enum: RECOUNT_ACTIONS, isArray: true }) allowedActions: RecountAction[];
}

export class RecountListDto {
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: [RecountDto] }) items: RecountDto[];
}
