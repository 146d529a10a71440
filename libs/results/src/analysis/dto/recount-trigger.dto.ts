import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  RECOUNT_TRIGGERS,
  RecountTrigger,
  RecountTriggerCode,
  TRIGGER_LEVELS,
  TriggerLevel,
} from '../recount-triggers';

export class RecountTriggerDto implements RecountTrigger {
  @ApiProperty({ enum: TRIGGER_LEVELS })
  level: TriggerLevel;

  @ApiProperty({ example: '120101', description: "The contest unit's area code or the station's code." })
  code: string;

  @ApiProperty({ enum: RECOUNT_TRIGGERS })
  trigger: RecountTriggerCode;

  @ApiProperty({
    example:
      '1,240 invalid ballots are at least the seat-swing margin of 900 votes: 900 more votes for CNRP would move ' +
      'a seat from CPP to CNRP.',
  })
  reason: string;

  @ApiPropertyOptional({ example: 'observer', description: 'SOURCES_DISAGREE: the source that disagrees.' })
  source?: string;

  @ApiPropertyOptional({ type: [String], example: ['VOTES_SUM'], description: 'ARITHMETIC: the failed checks.' })
  checks?: string[];
}

export class RecountTriggerListDto {
  @ApiProperty({
    type: [RecountTriggerDto],
    description:
      'Contest units first, the most invalid ballots per vote of margin first; then stations by code, ' +
      'ARITHMETIC before SOURCES_DISAGREE.',
  })
  items: RecountTriggerDto[];
}
