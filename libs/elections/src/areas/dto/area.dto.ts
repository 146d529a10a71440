import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@app/platform';
import { AREA_LEVELS, AreaLevel } from '../../elections/election-terms';
import { Area } from '../area.entity';

export const AREA_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export class AreaListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AREA_LEVELS })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @ApiPropertyOptional({ description: 'Code of the parent area: its children only.', example: '12' })
  @IsOptional()
  @Matches(AREA_CODE, { message: 'must be an area code' })
  parent?: string;
}

export class AreaDto {
  @ApiProperty({ example: '120101' })
  code: string;

  @ApiProperty({ enum: AREA_LEVELS })
  level: AreaLevel;

  @ApiProperty({ nullable: true, type: String, example: '1201' })
  parentCode: string | null;

  @ApiProperty({ example: 'Tonle Basak' })
  nameEn: string;

  @ApiProperty({ nullable: true, type: String, example: 'ទន្លេបាសាក់' })
  nameKm: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Seats when the area is a contest unit.' })
  seats: number | null;

  static of(area: Area): AreaDto {
    return {
      code: area.code,
      level: area.level,
      parentCode: area.parentCode,
      nameEn: area.nameEn,
      nameKm: area.nameKm,
      seats: area.seats,
    };
  }
}

export class AreaPageDto {
  @ApiProperty({ type: [AreaDto] })
  items: AreaDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
