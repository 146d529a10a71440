import { ApiProperty } from '@nestjs/swagger';
import { SEAT_METHODS } from '@app/elections';
import type { SeatMethod, SeatSwingMargin } from '../../seats';
import { ContestUnitSummary } from '../contest-unit-summary';
import { PARTY_VOTES_SCHEMA } from './station-sheets.dto';

export class SeatSwingMarginDto implements SeatSwingMargin {
  @ApiProperty({ example: 412, description: 'The fewest votes that, added to one party, change the allocation.' })
  votes: number;

  @ApiProperty({ example: 'CNRP', description: 'The party that gains a seat.' })
  gainingParty: string;

  @ApiProperty({ example: 'CPP', description: 'The party that loses it.' })
  losingParty: string;

  @ApiProperty({
    example: 'CNRP',
    description: 'The party the votes are added to: the gaining party, except at times under Hare.',
  })
  receivingParty: string;
}

export class ContestUnitDto implements ContestUnitSummary {
  @ApiProperty({ example: '120101' })
  areaCode: string;

  @ApiProperty({ example: 'Tonle Basak' })
  name: string;

  @ApiProperty({ nullable: true, type: String })
  nameKm: string | null;

  @ApiProperty({ example: 11 })
  seats: number;

  @ApiProperty({ enum: SEAT_METHODS })
  seatMethod: SeatMethod;

  @ApiProperty({ description: 'Stations with a current official sheet.' })
  stationsCounted: number;

  @ApiProperty()
  stationsTotal: number;

  @ApiProperty({ ...PARTY_VOTES_SCHEMA, description: 'Votes per party from the current official sheets.' })
  totals: Record<string, number>;

  @ApiProperty()
  validBallots: number;

  @ApiProperty()
  invalidBallots: number;

  @ApiProperty()
  ballotsCast: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    nullable: true,
    description: 'Seats per party; null until a station is counted.',
    example: { CPP: 6, CNRP: 5 },
  })
  allocation: Record<string, number> | null;

  @ApiProperty({ description: 'The tie rule, not the votes, decided the last seat.' })
  tieBroken: boolean;

  @ApiProperty({ type: SeatSwingMarginDto, nullable: true })
  seatSwingMargin: SeatSwingMarginDto | null;

  static of(summary: ContestUnitSummary, seatMethod: SeatMethod): ContestUnitDto {
    const { areaCode, name, nameKm, seats, ...rest } = summary;
    return { areaCode, name, nameKm, seats, seatMethod, ...rest };
  }
}

export class ContestUnitPageDto {
  @ApiProperty({ type: [ContestUnitDto], description: 'By area code.' })
  items: ContestUnitDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
