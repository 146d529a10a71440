import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageQuery } from '@app/platform';
import { Roles } from '@app/identity';
import { EmailFailureDto, EmailFailurePageDto } from './dto/email-failure.dto';
import { EmailFailuresService } from './email-failures.service';

/** Emails that failed every attempt, for admins to see and send again. */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles('admin')
@ApiProblems(401, 403)
@Controller('api/v1/notifications/email-failures')
export class EmailFailuresController {
  constructor(private readonly failures: EmailFailuresService) {}

  @Get()
  @ApiOperation({ summary: 'Notices whose email failed every attempt, newest first' })
  @ApiOkResponse({ type: EmailFailurePageDto })
  @ApiProblems(400)
  list(@Query() query: PageQuery): Promise<EmailFailurePageDto> {
    return this.failures.list(query);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a failed email again, with a fresh round of attempts' })
  @ApiAcceptedResponse({ type: EmailFailureDto })
  @ApiProblems(404, 409)
  resend(@Param('id') id: string): Promise<EmailFailureDto> {
    return this.failures.resend(id);
  }
}
