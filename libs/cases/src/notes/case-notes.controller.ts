import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Idempotent } from '@app/platform';
import { type AuthenticatedUser, CurrentUser } from '@app/identity';
import { CaseNotesService } from './case-notes.service';
import { CreateNoteDto, NoteDto, NoteListQuery, NotePageDto } from './dto/note.dto';

/** Internal notes and messages with the complainant. The respondent has no notes (403). */
@ApiTags('cases')
@ApiBearerAuth()
@ApiProblems(401, 404)
@Controller('api/v1/cases/:reference/notes')
export class CaseNotesController {
  constructor(private readonly notes: CaseNotesService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Add an internal note (caseworkers) or a message between the caseworkers and the complainant',
    description:
      'A message from a caseworker notifies the complainant (`case.message`); one from the complainant notifies ' +
      'the assignee. The complainant’s side writes only `complainant` notes, and only while the case is open.',
  })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblems(400, 403, 409)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Body() body: CreateNoteDto,
  ): Promise<NoteDto> {
    return this.notes.create(user, reference, body);
  }

  @Get()
  @ApiOperation({ summary: 'The notes the caller may read, oldest first (complainant: its messages only)' })
  @ApiOkResponse({ type: NotePageDto })
  @ApiProblems(400, 403)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Query() query: NoteListQuery,
  ): Promise<NotePageDto> {
    return this.notes.list(user, reference, query);
  }
}
