import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@app/identity';
import { ApiProblems, Idempotent } from '@app/platform';
import { RecountDto, RecountListDto, RecountTransitionDto } from './dto/recount.dto';
import { RecountsService } from './recounts.service';

/** Recounts ordered on a case (DOMAIN.md "Recounts"). A recount of a case the caller cannot see is 404. */
@ApiTags('recounts')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1')
export class RecountsController {
  constructor(private readonly recounts: RecountsService) {}

  @Get('cases/:reference/recounts')
  @ApiOperation({
    summary: "A case's recounts: figures beside the sheets they replace, and whether the unit's seats change",
  })
  @ApiOkResponse({ type: RecountListDto })
  @ApiProblems(404)
  list(@CurrentUser() user: AuthenticatedUser, @Param('reference') reference: string): Promise<RecountListDto> {
    return this.recounts.list(user, reference);
  }

  @Post('recounts/:id/transitions')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOperation({ summary: 'Take one step of a recount: schedule, enter_figures, certify or cancel' })
  @ApiOkResponse({ type: RecountDto })
  @ApiProblems(400, 403, 404, 409, 422)
  transition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: RecountTransitionDto,
  ): Promise<RecountDto> {
    return this.recounts.transition(user, id, body);
  }
}
