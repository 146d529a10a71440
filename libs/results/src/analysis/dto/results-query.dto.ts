import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { AREA_LEVELS, type AreaLevel } from '@app/elections';
import { PageQuery } from '@app/platform';
import { SHEET_SOURCE } from '../../sheets/sheet-sources';

const AREA_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const SourceParam = () =>
  applyDecorators(
    ApiProperty({
      description: 'The source compared with the current official sheet: `observer`, `party:<CODE>`, `recount`, …',
      example: 'observer',
      pattern: SHEET_SOURCE.source,
    }),
    Matches(SHEET_SOURCE, {
      message: 'must be official_preliminary, official_final, observer, recount or party:<CODE>',
    }),
  );

const AreaParam = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'A province, district or commune code: only what lies inside it.' }),
    IsOptional(),
    Matches(AREA_CODE, { message: 'must be an area code' }),
  );

export class AreaFilterQuery {
  @AreaParam()
  area?: string;
}

export class DiscrepancyQuery extends PageQuery {
  @SourceParam()
  source: string;

  @AreaParam()
  area?: string;
}

export class MatchRateQuery {
  @SourceParam()
  source: string;

  @AreaParam()
  area?: string;

  @ApiPropertyOptional({ enum: AREA_LEVELS, description: 'Also break the rate down by areas of this level.' })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  by?: AreaLevel;
}

export class ContestUnitListQuery extends PageQuery {
  @AreaParam()
  area?: string;
}
