import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Idempotent } from '@app/platform';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/identity';
import { CaseTransitionsService } from './case-transitions.service';
import { CasesService } from './cases.service';
import { DecisionDraftsService } from './decision/decision-drafts.service';
import { DecisionDraftDto, DecisionDto } from './decision/dto/decision-draft.dto';
import { CaseDto, CasePageDto } from './dto/case.dto';
import { CaseListQuery } from './dto/case-list.query';
import { BulkResultDto, DuplicatesResponseDto, HistoryDto } from './dto/case-responses.dto';
import { CreateCaseDto, UpdateDraftDto } from './dto/create-case.dto';
import { BulkTransitionDto, TransitionDto } from './dto/transition.dto';

/** Complaints and recount requests: filing, the workflow, the record. Cases not visible to the caller are 404. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly decisions: DecisionDraftsService,
  ) {}

  @Post()
  @Idempotent()
  @Roles('party_agent', 'observer')
  @ApiOperation({ summary: 'File a complaint or recount request: a draft, or filed at once with `submit: true`' })
  @ApiCreatedResponse({ type: CaseDto })
  @ApiProblems(400, 403, 409, 422)
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCaseDto): Promise<CaseDto> {
    return this.cases.create(user, body);
  }

  @Get()
  @ApiOperation({
    summary: 'The cases the caller may see, filtered and sorted (`sort=materiality` for the officers’ queue)',
  })
  @ApiOkResponse({ type: CasePageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: CaseListQuery): Promise<CasePageDto> {
    return this.cases.list(user, query);
  }

  @Post('bulk-transitions')
  @HttpCode(HttpStatus.OK)
  @Roles('officer', 'adjudicator')
  @ApiOperation({ summary: 'The same transition on many cases, each in its own transaction, reported per case' })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiProblems(400, 403)
  bulk(@CurrentUser() user: AuthenticatedUser, @Body() body: BulkTransitionDto): Promise<BulkResultDto> {
    return this.transitions.bulk(user, body);
  }

  @Get(':reference')
  @ApiOperation({ summary: 'One case, with its allowed actions, deadline, materiality and linked stations' })
  @ApiOkResponse({ type: CaseDto })
  @ApiProblems(404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('reference') reference: string): Promise<CaseDto> {
    return this.cases.get(user, reference);
  }

  @Patch(':reference')
  @Roles('party_agent', 'observer')
  @ApiOperation({ summary: 'Change a draft before it is submitted' })
  @ApiOkResponse({ type: CaseDto })
  @ApiProblems(400, 404, 409, 422)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Body() body: UpdateDraftDto,
  ): Promise<CaseDto> {
    return this.cases.updateDraft(user, reference, body);
  }

  @Post(':reference/transitions')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOperation({ summary: 'Take one step of the workflow (see `allowedActions`)' })
  @ApiOkResponse({ type: CaseDto })
  @ApiProblems(400, 403, 404, 409, 422)
  transition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Body() body: TransitionDto,
  ): Promise<CaseDto> {
    return this.transitions.transition(user, reference, body);
  }

  @Get(':reference/duplicates')
  @Roles('officer', 'adjudicator')
  @ApiOperation({ summary: 'Cases of the same election sharing linked stations and the category' })
  @ApiOkResponse({ type: DuplicatesResponseDto })
  @ApiProblems(403, 404)
  duplicates(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
  ): Promise<DuplicatesResponseDto> {
    return this.cases.duplicates(user, reference);
  }

  @Get(':reference/history')
  @ApiOperation({ summary: 'The hash-chained audit trail of the case' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiProblems(404)
  history(@CurrentUser() user: AuthenticatedUser, @Param('reference') reference: string): Promise<HistoryDto> {
    return this.cases.history(user, reference);
  }

  @Put(':reference/decision')
  @Roles('officer', 'adjudicator')
  @ApiOperation({ summary: 'Draft (or redraft) the decision while the case is under review' })
  @ApiOkResponse({ type: DecisionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  putDecision(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Body() body: DecisionDraftDto,
  ): Promise<DecisionDto> {
    return this.decisions.put(user, reference, body);
  }

  @Get(':reference/decision')
  @ApiOperation({ summary: 'The decision: drafts for caseworkers, the published decision for the parties' })
  @ApiOkResponse({ type: DecisionDto })
  @ApiProblems(404)
  getDecision(@CurrentUser() user: AuthenticatedUser, @Param('reference') reference: string): Promise<DecisionDto> {
    return this.decisions.get(user, reference);
  }
}
