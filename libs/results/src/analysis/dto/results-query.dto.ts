import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { AREA_LEVELS, type AreaLevel } from '@app/elections';
import { PageQuery } from '@app/platform';
import { SHEET_SOURCE, SOURCES_IN_WORDS } from '../../sheets/sheet-sources';

const INDEPENDENT_SOURCE = /^(observer|observer:[A-Z0-9][A-Z0-9_-]{0,39}|party:[A-Z0-9][A-Z0-9_-]{0,15})$/;
const AREA_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const SourceParam = () =>
  applyDecorators(
    ApiProperty({
      description:
        'The source compared with the current official sheet: `observer`, `observer:<ORG>` (one observer ' +
        "organisation's copies), `party:<CODE>`, `recount`, …",
      example: 'observer',
      pattern: SHEET_SOURCE.source,
    }),
    Matches(SHEET_SOURCE, {
      message: `must be one of ${SOURCES_IN_WORDS}, recount`,
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

export class RecountTriggerQuery extends AreaFilterQuery {
  @ApiPropertyOptional({
    description:
      'Only this independent copy for SOURCES_DISAGREE (`observer`, `observer:<ORG>` or `party:<CODE>`); ' +
      'by default every observer organisation and party.',
    example: 'observer:SITUATION-ROOM',
  })
  @IsOptional()
  @Matches(INDEPENDENT_SOURCE, { message: 'must be observer, observer:<ORG> or party:<CODE>' })
  source?: string;
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
