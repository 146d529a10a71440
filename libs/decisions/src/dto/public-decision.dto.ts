import { ApiProperty } from '@nestjs/swagger';

export class PublicDecisionSummaryDto {
  @ApiProperty({ example: 'KH-2017-CC-000123' })
  reference: string;

  @ApiProperty()
  electionCode: string;

  @ApiProperty({ nullable: true, type: String })
  title: string | null;

  @ApiProperty()
  category: string;

  @ApiProperty()
  outcome: string;

  @ApiProperty({ type: [String] })
  areaCodes: string[];

  @ApiProperty()
  publishedAt: string;

  @ApiProperty({ description: 'The first words of the reasoning.' })
  excerpt: string;

  @ApiProperty({ nullable: true, type: Number, description: 'Its leaf in the transparency log.' })
  leafIndex: number | null;
}

export class PublicDecisionPageDto {
  @ApiProperty({ type: [PublicDecisionSummaryDto] })
  items: PublicDecisionSummaryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class PublicStatsDto {
  @ApiProperty({ nullable: true, type: String })
  election: string | null;

  @ApiProperty({ description: 'Filed cases by state.' })
  byState: Record<string, number>;

  @ApiProperty()
  byCategory: Record<string, number>;

  @ApiProperty({ description: 'By province the linked stations lie in.' })
  byArea: Record<string, number>;

  @ApiProperty({ description: 'Published decisions by outcome.' })
  byOutcome: Record<string, number>;

  @ApiProperty({ nullable: true, type: Number, description: 'From registration to decision, paused time left out.' })
  medianDaysToDecision: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Share of decided cases decided within their deadline.' })
  decidedWithinDeadline: number | null;

  @ApiProperty({ nullable: true, description: 'Official sheets against observers’ copies, when an election is given.' })
  matchRate: { source: string; stationsCompared: number; stationsMatching: number; rate: number | null } | null;

  @ApiProperty({ description: 'Certified recounts, and how far their figures moved from the sheets they replaced.' })
  recounts: { ordered: number; certified: number; cancelled: number; votesChanged: number };
}
