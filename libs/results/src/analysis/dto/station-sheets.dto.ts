import { ApiProperty } from '@nestjs/swagger';
import { Finding } from '../finding-messages';
import { StationDto } from '@app/elections';

export const PARTY_VOTES_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'Per party code.',
  example: { CPP: 412, CNRP: 398 },
} as const;

export class FindingDto implements Finding {
  @ApiProperty({ example: 'VOTES_SUM' })
  code: string;

  @ApiProperty({ example: 'party votes add up to 1,234 but valid ballots are 1,240' })
  message: string;
}

/** Where a version came from: an import row, or a person with a reason. */
export class SheetProvenanceDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  importId: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Line of the import file; the header is line 1.' })
  rowNumber: number | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The account that entered it.' })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'Why this version exists: a correction, a recount.' })
  reason: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of a scan of the paper sheet.' })
  scanSha256: string | null;
}

export class SheetVersionDto {
  @ApiProperty({ example: 2 })
  version: number;

  @ApiProperty({ description: "The newest version of this source's sheet." })
  isCurrent: boolean;

  @ApiProperty({ description: "The station's current official figure." })
  isCurrentOfficial: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Recounts: when certified.' })
  certifiedAt: string | null;

  @ApiProperty()
  registeredVoters: number;

  @ApiProperty({ nullable: true, type: Number })
  ballotsReceived: number | null;

  @ApiProperty()
  ballotsCast: number;

  @ApiProperty({ nullable: true, type: Number })
  ballotsUnused: number | null;

  @ApiProperty({ nullable: true, type: Number })
  ballotsSpoiled: number | null;

  @ApiProperty()
  invalidBallots: number;

  @ApiProperty()
  validBallots: number;

  @ApiProperty(PARTY_VOTES_SCHEMA)
  votes: Record<string, number>;

  @ApiProperty({ nullable: true, type: String })
  note: string | null;

  @ApiProperty({ type: [FindingDto], description: 'The arithmetic checks this sheet fails.' })
  findings: FindingDto[];

  @ApiProperty({ type: SheetProvenanceDto })
  provenance: SheetProvenanceDto;
}

export class SourceSheetsDto {
  @ApiProperty({ example: 'observer' })
  source: string;

  @ApiProperty({ type: [SheetVersionDto], description: 'Newest version first.' })
  versions: SheetVersionDto[];
}

export class CurrentOfficialDto {
  @ApiProperty({ enum: ['recount', 'official_final', 'official_preliminary'] })
  source: string;

  @ApiProperty()
  version: number;
}

export class StationSheetsDto {
  @ApiProperty({ type: StationDto })
  station: StationDto;

  @ApiProperty({
    type: CurrentOfficialDto,
    nullable: true,
    description: 'The newest certified recount, else the current official_final, else official_preliminary.',
  })
  currentOfficial: CurrentOfficialDto | null;

  @ApiProperty({
    type: [SourceSheetsDto],
    description: 'Recount, official_final, official_preliminary, observer, then party copies by code.',
  })
  sources: SourceSheetsDto[];
}
