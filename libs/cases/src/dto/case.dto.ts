import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_ACTIONS, CASE_STATES, CaseAction, CaseState } from '../workflow/case-terms';

export class ComplainantDto {
  @ApiProperty({ enum: ['party', 'observer', 'voter'] })
  kind: string;

  @ApiPropertyOptional()
  partyCode?: string;

  @ApiPropertyOptional()
  organisation?: string;
}

export class SheetFiguresDto {
  @ApiProperty()
  sheetId: string;

  @ApiProperty({ example: 'official_final' })
  source: string;

  @ApiProperty()
  version: number;

  @ApiProperty()
  registeredVoters: number;

  @ApiProperty()
  ballotsCast: number;

  @ApiProperty()
  invalidBallots: number;

  @ApiProperty()
  validBallots: number;

  @ApiProperty({ example: { CPP: 120, CNRP: 98 } })
  votes: Record<string, number>;

  @ApiProperty({ type: [String] })
  findings: string[];

  @ApiProperty({ description: 'Whether this is the current official figure of the station.' })
  isCurrentOfficial: boolean;
}

export class LinkedStationDto {
  @ApiProperty()
  stationCode: string;

  @ApiProperty()
  stationName: string;

  @ApiProperty()
  communeCode: string;

  @ApiProperty()
  provinceCode: string;

  @ApiProperty({ type: [SheetFiguresDto], description: 'The sheets as they stood when the case was filed.' })
  snapshot: SheetFiguresDto[];

  @ApiPropertyOptional({ description: 'When the snapshot was taken (at filing; drafts refresh it).' })
  snapshotAt: string | null;

  @ApiProperty({ type: [SheetFiguresDto], description: 'The current sheets.' })
  current: SheetFiguresDto[];

  @ApiProperty({ description: 'Whether any sheet changed since the snapshot.' })
  changedSinceFiling: boolean;
}

export class DeadlineDto {
  @ApiProperty({ example: 'decision' })
  window: string;

  @ApiProperty({ description: 'Null while the clock is paused.', nullable: true, type: String })
  dueAt: string | null;

  @ApiProperty({ description: 'Milliseconds left; negative once breached.' })
  timeLeftMs: number;

  @ApiProperty()
  paused: boolean;

  @ApiProperty({ description: 'How it was computed: start event, window, skipped days, pauses.' })
  explanation: Record<string, unknown>;
}

export class MaterialityDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Largest ballots cast ÷ seat-swing margin over the units.',
  })
  ratio: number | null;

  @ApiProperty({ description: 'ratio ≥ 1: the case could change a seat.' })
  material: boolean;

  @ApiProperty({ description: 'Per contest unit: ballots cast at the linked stations and the margin.' })
  units: { areaCode: string; ballotsCast: number; marginVotes: number | null; ratio: number | null }[];
}

export class CaseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ nullable: true, type: String, example: 'KH-2017-CC-000123', description: 'Null while a draft.' })
  reference: string | null;

  @ApiProperty()
  electionCode: string;

  @ApiProperty()
  kind: string;

  @ApiProperty()
  category: string;

  @ApiProperty({ nullable: true, type: String })
  title: string | null;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ nullable: true, type: String })
  incidentDate: string | null;

  @ApiProperty({ nullable: true, type: String })
  requestedRemedy: string | null;

  @ApiProperty({ type: ComplainantDto })
  complainant: ComplainantDto;

  @ApiProperty({ nullable: true, type: String })
  respondentPartyCode: string | null;

  @ApiProperty({ enum: CASE_STATES })
  state: CaseState;

  @ApiProperty()
  version: number;

  @ApiProperty({ enum: CASE_ACTIONS, isArray: true, description: 'What the caller may do now.' })
  allowedActions: CaseAction[];

  @ApiProperty({ description: 'Filed after the filing window closed.' })
  late: boolean;

  @ApiProperty({ description: 'Its deadline passed before the step it waited for.' })
  overdue: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Username of the assigned officer.' })
  assignee: string | null;

  @ApiProperty({ type: DeadlineDto, nullable: true })
  nextDeadline: DeadlineDto | null;

  @ApiProperty({ type: MaterialityDto })
  materiality: MaterialityDto;

  @ApiProperty({ type: [LinkedStationDto] })
  linkedStations: LinkedStationDto[];

  @ApiPropertyOptional({ nullable: true })
  hearing: Record<string, unknown> | null;

  @ApiPropertyOptional({ nullable: true })
  appeal: Record<string, unknown> | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it was rejected or withdrawn.' })
  closingReason: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The lead case it was merged into.' })
  mergedInto: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  filedAt: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

/** One row of the officer's work queue: the case without its stations' sheets. */
export class CaseSummaryDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ nullable: true, type: String })
  reference: string | null;

  @ApiProperty()
  electionCode: string;

  @ApiProperty()
  kind: string;

  @ApiProperty()
  category: string;

  @ApiProperty({ nullable: true, type: String })
  title: string | null;

  @ApiProperty({ enum: CASE_STATES })
  state: CaseState;

  @ApiProperty()
  version: number;

  @ApiProperty()
  late: boolean;

  @ApiProperty()
  overdue: boolean;

  @ApiProperty({ nullable: true, type: Number })
  materiality: number | null;

  @ApiProperty({ nullable: true, type: String })
  assignee: string | null;

  @ApiProperty({ type: [String] })
  provinceCodes: string[];

  @ApiProperty({ nullable: true, type: String })
  filedAt: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'When its current deadline falls due.' })
  dueAt: string | null;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] })
  items: CaseSummaryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
