import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DeadlinePolicySchema } from './create-election.dto';
import { CONTEST_LEVELS, ELECTION_STATUSES, SEAT_METHODS } from '../election-terms';
import type { DeadlinePolicy } from '../../deadlines';
import { Election, ElectionThresholds } from '../election.entity';
import { Party } from '../../parties/party.entity';

export class PartyDto {
  @ApiProperty({ example: 'CPP' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  nameKm: string | null;

  static of(party: Party): PartyDto {
    return { code: party.code, name: party.name, nameKm: party.nameKm };
  }
}

export class ThresholdsDto {
  @ApiProperty({ example: 0.05 })
  highInvalidShare: number;

  @ApiProperty({ example: 0.98 })
  highTurnout: number;
}

export class ElectionDto {
  @ApiProperty({ example: 'KH-2017-CC' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  nameKm: string | null;

  @ApiProperty({ example: 'commune_council' })
  kind: string;

  @ApiProperty({ format: 'date' })
  pollingDate: string;

  @ApiProperty({ enum: SEAT_METHODS })
  seatMethod: string;

  @ApiProperty({ enum: CONTEST_LEVELS })
  contestLevel: string;

  @ApiProperty({ enum: ELECTION_STATUSES })
  status: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  preliminaryResultsAt: string | null;

  @ApiProperty({ type: [PartyDto] })
  parties: PartyDto[];

  @ApiProperty({ type: DeadlinePolicySchema })
  deadlinePolicy: DeadlinePolicy;

  @ApiProperty({ type: ThresholdsDto })
  thresholds: ElectionThresholds;

  @ApiProperty()
  version: number;

  static of(election: Election, parties: Party[]): ElectionDto {
    return {
      code: election.code,
      name: election.name,
      nameKm: election.nameKm,
      kind: election.kind,
      pollingDate: election.pollingDate,
      seatMethod: election.seatMethod,
      contestLevel: election.contestLevel,
      status: election.status,
      preliminaryResultsAt: election.preliminaryResultsAt?.toISOString() ?? null,
      parties: parties.map(PartyDto.of),
      deadlinePolicy: election.deadlinePolicy,
      thresholds: election.thresholds,
      version: election.version,
    };
  }
}

export class ElectionPageDto {
  @ApiProperty({ type: [ElectionDto] })
  items: ElectionDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
