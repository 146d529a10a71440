import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ELECTION_STATUSES, ElectionStatus, SEAT_METHODS, SeatMethod } from '../election-terms';
import { DeadlinePolicySchema, ThresholdsInput } from './create-election.dto';

export class UpdateElectionDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKm?: string;

  @ApiPropertyOptional({ enum: ELECTION_STATUSES, description: 'Moves forward only.' })
  @IsOptional()
  @IsIn(ELECTION_STATUSES)
  status?: ElectionStatus;

  @ApiPropertyOptional({ enum: SEAT_METHODS })
  @IsOptional()
  @IsIn(SEAT_METHODS)
  seatMethod?: SeatMethod;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When preliminary results were published: the filing window starts here.',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  preliminaryResultsAt?: string;

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
