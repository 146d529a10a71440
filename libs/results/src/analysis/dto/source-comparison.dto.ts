import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AREA_LEVELS, type AreaLevel } from '@app/elections';
import { FieldDifference } from '../sheet-figures';

export class FieldDifferenceDto implements FieldDifference {
  @ApiProperty({ example: 'CNRP', description: 'A figure in camelCase (`validBallots`) or a party code.' })
  field: string;

  @ApiProperty({ example: 398 })
  official: number;

  @ApiProperty({ example: 410 })
  other: number;

  @ApiProperty({ example: 12, description: 'other − official.' })
  difference: number;
}

export class DiscrepancyDto {
  @ApiProperty({ example: '0101-0001' })
  stationCode: string;

  @ApiProperty({ example: 'official_final', description: 'The source of the current official sheet.' })
  officialSource: string;

  @ApiProperty({ type: [FieldDifferenceDto] })
  fields: FieldDifferenceDto[];
}

export class DiscrepancyPageDto {
  @ApiProperty({ type: [DiscrepancyDto], description: 'By station code.' })
  items: DiscrepancyDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class AreaMatchRateDto {
  @ApiProperty({ example: '12' })
  areaCode: string;

  @ApiProperty({ nullable: true, type: String, example: 'Phnom Penh' })
  name: string | null;

  @ApiProperty({ nullable: true, type: String })
  nameKm: string | null;

  @ApiProperty()
  stationsCompared: number;

  @ApiProperty()
  stationsMatching: number;

  @ApiProperty({ nullable: true, type: Number, example: 0.931 })
  rate: number | null;
}

export class MatchRateDto {
  @ApiProperty({ example: 'observer' })
  source: string;

  @ApiProperty({ nullable: true, type: String, description: 'The area filter, if any.' })
  area: string | null;

  @ApiProperty({ description: 'Stations having both a current official sheet and a sheet of `source`.' })
  stationsCompared: number;

  @ApiProperty({ description: 'Of those, stations where the two agree on every field.' })
  stationsMatching: number;

  @ApiProperty({ nullable: true, type: Number, example: 0.931, description: 'matching / compared; null when none.' })
  rate: number | null;

  @ApiPropertyOptional({ enum: AREA_LEVELS })
  by?: AreaLevel;

  @ApiPropertyOptional({
    type: [AreaMatchRateDto],
    description: 'With `by`: every area of that level holding stations, by code.',
  })
  areas?: AreaMatchRateDto[];
}
