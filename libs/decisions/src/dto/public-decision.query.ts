import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CASE_CATEGORIES, DECISION_OUTCOME_VALUES } from './terms';
import { PageQuery } from '@app/platform';

export class PublicDecisionQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Words or part of a word, in Khmer or English.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: 'KH-2017-CC' })
  @IsOptional()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'must be an election code' })
  election?: string;

  @ApiPropertyOptional({ description: 'A province code.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: CASE_CATEGORIES })
  @IsOptional()
  @IsIn(CASE_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: DECISION_OUTCOME_VALUES })
  @IsOptional()
  @IsIn(DECISION_OUTCOME_VALUES)
  outcome?: string;

  @ApiPropertyOptional({ description: 'Published on or after (ISO date or instant).' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ description: 'Published before (ISO date or instant).' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

export class PublicStatsQuery {
  @ApiPropertyOptional({ example: 'KH-2017-CC' })
  @IsOptional()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'must be an election code' })
  election?: string;
}
