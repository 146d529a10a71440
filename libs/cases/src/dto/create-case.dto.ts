import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  CASE_CATEGORIES,
  CASE_KINDS,
  CaseCategory,
  CaseKind,
  REQUESTED_REMEDIES,
  RequestedRemedy,
} from '../workflow/case-terms';

export const ELECTION_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
export const PARTY_CODE = /^[A-Z0-9][A-Z0-9_-]{0,15}$/;
export const STATION_CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const MAX_LINKED_STATIONS = 500;

/** A complaint or recount request; `submit: true` files it at once, otherwise it stays a draft. */
export class CreateCaseDto {
  @ApiProperty({ example: 'KH-2017-CC' })
  @Matches(ELECTION_CODE, { message: 'must be an election code' })
  electionCode: string;

  @ApiProperty({ enum: CASE_KINDS })
  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @ApiProperty({ enum: CASE_CATEGORIES })
  @IsIn(CASE_CATEGORIES)
  category: CaseCategory;

  @ApiPropertyOptional({ example: 'Votes for CNRP undercounted at two stations' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ description: 'What happened, in Khmer and/or English.' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ example: '2017-06-04' })
  @IsOptional()
  @IsDateString({ strict: true })
  incidentDate?: string;

  @ApiPropertyOptional({ enum: REQUESTED_REMEDIES })
  @IsOptional()
  @IsIn(REQUESTED_REMEDIES)
  requestedRemedy?: RequestedRemedy;

  @ApiPropertyOptional({ type: [String], example: ['0101-0001'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_STATIONS)
  @ArrayUnique()
  @Matches(STATION_CODE, { each: true, message: 'each must be a station code' })
  stationCodes?: string[];

  @ApiPropertyOptional({ example: 'CPP' })
  @IsOptional()
  @Matches(PARTY_CODE, { message: 'must be a party code' })
  respondentPartyCode?: string;

  @ApiPropertyOptional({ description: 'File at once instead of keeping a draft.', default: false })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;
}

/** A draft's fields, changed before it is submitted. */
export class UpdateDraftDto extends PartialType(OmitType(CreateCaseDto, ['electionCode', 'submit'] as const)) {
  @ApiProperty({ description: 'The version the change was based on; a stale one answers 409.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}
