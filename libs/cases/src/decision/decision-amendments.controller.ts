import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Idempotent } from '@app/platform';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/identity';
import { DecisionAmendmentsService } from './decision-amendments.service';
import { AmendmentDto, AmendmentInputDto, AmendmentListDto, RemedyListDto } from './dto/amendment.dto';

/** Amendments of a published decision (four eyes), and the remedies the decisions ordered. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/cases/:reference')
export class DecisionAmendmentsController {
  constructor(private readonly amendments: DecisionAmendmentsService) {}

  @Post('amendments')
  @Idempotent()
  @Roles('officer', 'adjudicator')
  @ApiOperation({ summary: 'Propose an amendment of the published decision: its fields as they should read, and why' })
  @ApiCreatedResponse({ type: AmendmentDto })
  @ApiProblems(400, 403, 404, 409, 422)
  propose(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Body() body: AmendmentInputDto,
  ): Promise<AmendmentDto> {
    return this.amendments.propose(user, reference, body);
  }

  @Post('amendments/:id/approve')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @Roles('adjudicator')
  @ApiOperation({ summary: 'Approve and publish an amendment (never by its proposer); its remedies are applied' })
  @ApiOkResponse({ type: AmendmentDto })
  @ApiProblems(403, 404, 409, 422)
  approve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Param('id') id: string,
  ): Promise<AmendmentDto> {
    return this.amendments.approve(user, reference, id);
  }

  @Get('amendments')
  @ApiOperation({
    summary: 'The amendments of the decision: proposals for caseworkers, published ones for the parties',
  })
  @ApiOkResponse({ type: AmendmentListDto })
  @ApiProblems(404)
  async list(@CurrentUser() user: AuthenticatedUser, @Param('reference') reference: string): Promise<AmendmentListDto> {
    return { items: await this.amendments.list(user, reference) };
  }

  @Get('remedies')
  @ApiOperation({ summary: 'The remedies the published decision and its amendments ordered, with their status' })
  @ApiOkResponse({ type: RemedyListDto })
  @ApiProblems(404)
  async remedies(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
  ): Promise<RemedyListDto> {
    return { items: await this.amendments.remediesOf(user, reference) };
  }
}
