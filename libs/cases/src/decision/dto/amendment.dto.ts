import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { DecisionDraftDto, DecisionDto } from './decision-draft.dto';

/** A correction of a published decision: the decision fields as they should read, and why. */
export class AmendmentInputDto extends DecisionDraftDto {
  @ApiProperty({ description: 'Why the published decision is amended.' })
  @IsString()
  @MinLength(10)
  @MaxLength(10000)
  reason: string;
}

export class AmendmentDto extends DecisionDto {
  @ApiProperty({ description: 'The decision it amends.' })
  amendsId: string;

  @ApiProperty()
  reason: string;

  @ApiProperty({ nullable: true, type: Number, description: 'Set when published: …/A1, …/A2.' })
  number: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'KH-2017-CC-000001/A1' })
  reference: string | null;
}

export class AmendmentListDto {
  @ApiProperty({ type: [AmendmentDto] })
  items: AmendmentDto[];
}

export class RemedyViewDto {
  @ApiProperty({ enum: ['recount', 'result_correction', 'annulment'] })
  kind: string;

  @ApiProperty({ type: [String] })
  stationCodes: string[];

  @ApiProperty({ enum: ['pending', 'done', 'cancelled'] })
  status: string;

  @ApiProperty()
  decisionId: string;

  @ApiProperty({ type: [String] })
  recountIds: string[];

  @ApiProperty({ type: [String] })
  sheetIds: string[];

  @ApiProperty()
  appliedAt: string;
}

export class RemedyListDto {
  @ApiProperty({ type: [RemedyViewDto] })
  items: RemedyViewDto[];
}
