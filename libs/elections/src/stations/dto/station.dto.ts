import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@app/platform';
import { AREA_CODE } from '../../areas/dto/area.dto';
import { PollingStation } from '../polling-station.entity';

export class StationListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'A province, district or commune code: the stations inside it.' })
  @IsOptional()
  @Matches(AREA_CODE, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ description: 'Part of a station code or name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class StationDto {
  @ApiProperty({ example: '0101-0001' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: '010101' })
  communeCode: string;

  @ApiProperty({ example: '0101' })
  districtCode: string;

  @ApiProperty({ example: '01' })
  provinceCode: string;

  @ApiProperty()
  registeredVoters: number;

  static of(station: PollingStation): StationDto {
    return {
      code: station.code,
      name: station.name,
      communeCode: station.communeCode,
      districtCode: station.districtCode,
      provinceCode: station.provinceCode,
      registeredVoters: station.registeredVoters,
    };
  }
}

export class StationPageDto {
  @ApiProperty({ type: [StationDto] })
  items: StationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
