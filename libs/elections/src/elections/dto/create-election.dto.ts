import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDateString,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CONTEST_LEVELS, ContestLevel, SEAT_METHODS, SeatMethod } from '../election-terms';

export const ELECTION_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
export const PARTY_CODE = /^[A-Z0-9][A-Z0-9_-]{0,15}$/;

export class PartyInput {
  @ApiProperty({ example: 'CPP' })
  @Matches(PARTY_CODE, { message: 'must be 1-16 upper-case letters, digits, "_" or "-"' })
  code: string;

  @ApiProperty({ example: "Cambodian People's Party" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'គណបក្សប្រជាជនកម្ពុជា' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKm?: string;
}

export class ThresholdsInput {
  @ApiPropertyOptional({ example: 0.05, description: 'Invalid share above which a sheet is flagged HIGH_INVALID.' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  highInvalidShare?: number;

  @ApiPropertyOptional({ example: 0.98, description: 'Turnout above which a sheet is flagged HIGH_TURNOUT.' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  highTurnout?: number;
}

class WindowSchema {
  @ApiProperty({ example: '72h', description: '"72h" clock hours, "3d" calendar days, "5wd" working days' })
  within: string;
}

class WindowsSchema {
  @ApiPropertyOptional({
    type: WindowSchema,
    nullable: true,
    description: 'From the publication of preliminary results.',
  })
  filing?: WindowSchema | null;

  @ApiPropertyOptional({ type: WindowSchema, nullable: true, description: 'From filed.' })
  admissibility?: WindowSchema | null;

  @ApiPropertyOptional({
    type: WindowSchema,
    nullable: true,
    description: 'From registered; paused while awaiting information.',
  })
  decision?: WindowSchema | null;

  @ApiPropertyOptional({ type: WindowSchema, nullable: true, description: 'From request_information.' })
  informationResponse?: WindowSchema | null;

  @ApiPropertyOptional({
    type: WindowSchema,
    nullable: true,
    description: 'From published; null when the law allows none.',
  })
  appeal?: WindowSchema | null;

  @ApiPropertyOptional({ type: WindowSchema, nullable: true, description: 'From a recount being ordered.' })
  recount?: WindowSchema | null;
}

/** The deadline policy as OpenAPI shows it; omitted parts take the defaults of the election's kind. */
export class DeadlinePolicySchema {
  @ApiPropertyOptional({ example: 'Asia/Phnom_Penh' })
  timeZone?: string;

  @ApiPropertyOptional({ example: '17:00' })
  cutOff?: string;

  @ApiPropertyOptional({ example: ['2017-06-05'], type: [String] })
  holidays?: string[];

  @ApiPropertyOptional({ type: WindowsSchema })
  windows?: WindowsSchema;
}

export class CreateElectionDto {
  @ApiProperty({ example: 'KH-2017-CC' })
  @Matches(ELECTION_CODE, { message: 'must be 2-32 upper-case letters, digits or "-"' })
  code: string;

  @ApiProperty({ example: 'Commune council elections 2017' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'ការបោះឆ្នោតជ្រើសរើសក្រុមប្រឹក្សាឃុំ សង្កាត់ ២០១៧' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKm?: string;

  @ApiProperty({
    example: 'commune_council',
    description: 'commune_council, national_assembly, presidential, provincial_council…',
  })
  @Matches(/^[a-z][a-z_]{2,39}$/, { message: 'must be a lower-case kind such as commune_council' })
  kind: string;

  @ApiProperty({ example: '2017-06-04', format: 'date' })
  @IsDateString({ strict: true }, { message: 'must be an ISO date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be an ISO date (YYYY-MM-DD)' })
  pollingDate: string;

  @ApiProperty({ enum: SEAT_METHODS, default: 'dhondt' })
  @IsIn(SEAT_METHODS)
  seatMethod: SeatMethod = 'dhondt';

  @ApiProperty({ enum: CONTEST_LEVELS })
  @IsIn(CONTEST_LEVELS)
  contestLevel: ContestLevel;

  @ApiProperty({ type: [PartyInput] })
  @ValidateNested({ each: true })
  @Type(() => PartyInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  parties: PartyInput[];

  @ApiPropertyOptional({ type: DeadlinePolicySchema })
  @IsOptional()
  @IsObject()
  deadlinePolicy?: Record<string, unknown>;

  @ApiPropertyOptional({ type: ThresholdsInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdsInput)
  thresholds?: ThresholdsInput;
}
