import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { STATION_CODE } from '../../dto/create-case.dto';
import { DECISION_OUTCOMES, DecisionOutcome, REMEDY_KINDS, RemedyKind } from '../decision.entity';

export class RemedyInput {
  @ApiProperty({ enum: REMEDY_KINDS })
  @IsIn(REMEDY_KINDS)
  kind: RemedyKind;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(STATION_CODE, { each: true, message: 'each must be a station code' })
  stationCodes: string[];

  @ApiPropertyOptional({ description: 'result_correction: the corrected sheet of each station.' })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  figures?: Record<string, unknown>[];
}

/** The decision draft: reasoning in full sentences is required (DOMAIN.md "Decisions"). */
export class DecisionDraftDto {
  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IsIn(DECISION_OUTCOMES)
  outcome: DecisionOutcome;

  @ApiProperty({ description: 'Findings of fact.' })
  @IsString()
  @MinLength(10)
  @MaxLength(50000)
  findings: string;

  @ApiProperty({ description: 'Why: in full sentences.' })
  @IsString()
  @MinLength(40, { message: 'must give the reasoning in full sentences (at least 40 characters)' })
  @MaxLength(100000)
  @Matches(/[.!?។៕]\s*$/u, { message: 'must give the reasoning in full sentences, ending with a full stop' })
  reasoning: string;

  @ApiProperty({ type: [String], example: ['LEC Art. 113'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  legalBasis: string[];

  @ApiProperty({ type: [RemedyInput], description: 'Empty: no remedy.' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RemedyInput)
  remedies: RemedyInput[];
}

export class DecisionDto extends DecisionDraftDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ nullable: true, type: String })
  proposedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  approvedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  publishedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  returnComments: string | null;

  @ApiProperty()
  updatedAt: string;
}
