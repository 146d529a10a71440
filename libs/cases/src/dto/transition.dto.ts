import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  IsOptional,
} from 'class-validator';
import { APPEAL_OUTCOMES, AppealOutcome, CASE_ACTIONS, CaseAction } from '../workflow/case-terms';
import { MAX_LINKED_STATIONS, STATION_CODE } from './create-case.dto';

/**
 * One step of the workflow. Every field any action takes is declared here so that the OpenAPI
 * document lists them; which ones an action takes is the workflow table's to say, and the
 * service refuses the others (400).
 */
export class TransitionFields {
  @ApiPropertyOptional({ description: 'reject, appeal, withdraw' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ description: 'assign: the username of an officer or adjudicator' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  assignee?: string;

  @ApiPropertyOptional({ description: 'request_information, provide_information' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(20000)
  message?: string;

  @ApiPropertyOptional({ description: 'schedule_hearing: when (ISO 8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  at?: string;

  @ApiPropertyOptional({ description: 'schedule_hearing: where' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  place?: string;

  @ApiPropertyOptional({ description: 'record_hearing' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(50000)
  minutes?: string;

  @ApiPropertyOptional({ type: [String], description: 'order_recount: stations of the case to recount' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINKED_STATIONS)
  @ArrayUnique()
  @Matches(STATION_CODE, { each: true, message: 'each must be a station code' })
  stationCodes?: string[];

  @ApiPropertyOptional({ description: 'return: what the proposer should change' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(20000)
  comments?: string;

  @ApiPropertyOptional({ enum: APPEAL_OUTCOMES, description: 'record_appeal_outcome' })
  @IsOptional()
  @IsIn(APPEAL_OUTCOMES)
  outcome?: AppealOutcome;

  @ApiPropertyOptional({ description: "record_appeal_outcome: the appellate body's reference" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  appellateReference?: string;

  @ApiPropertyOptional({ description: 'merge: the lead case this one joins' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetReference?: string;
}

export class TransitionDto extends TransitionFields {
  @ApiProperty({ enum: CASE_ACTIONS })
  @IsIn(CASE_ACTIONS)
  action: CaseAction;

  @ApiProperty({ description: 'The version the action was based on; a stale one answers 409.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

export const MAX_BULK = 1000;

export class BulkTransitionDto extends TransitionFields {
  @ApiProperty({ type: [String], maxItems: MAX_BULK })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  references: string[];

  @ApiProperty({ enum: CASE_ACTIONS })
  @IsIn(CASE_ACTIONS)
  action: CaseAction;
}
