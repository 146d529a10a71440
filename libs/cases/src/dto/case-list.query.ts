import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@app/platform';
import { CASE_KINDS, CASE_STATES, CaseKind, CaseState } from '../workflow/case-terms';
import { ELECTION_CODE } from './create-case.dto';

/** `materiality`: the most material first; `deadline`: the soonest due first. */
export const CASE_SORTS = ['-filedAt', 'filedAt', 'materiality', 'deadline'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ELECTION_CODE, { message: 'must be an election code' })
  election?: string;

  @ApiPropertyOptional({ enum: CASE_STATES })
  @IsOptional()
  @IsIn(CASE_STATES)
  state?: CaseState;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional()
  @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ description: 'A province code: cases touching it.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ description: 'Username of the assignee, or `me`.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  assignee?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    enum: CASE_SORTS,
    default: '-filedAt',
    description: '`materiality` puts the cases most able to change a seat first.',
  })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort: CaseSort = '-filedAt';
}
