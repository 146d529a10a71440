import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiIdempotencyKey, ApiProblems, PageQuery } from '@app/platform';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/identity';
import { ImportAcceptedDto, ImportDto, ImportPageDto } from './dto/import.dto';
import { ImportUploadDto } from './dto/import-request.dto';
import { ImportStorage } from './import-storage';
import { receiveUpload } from './import-upload';
import { ImportsService } from './imports.service';

/** Import files of stations, seats and result sheets: upload, then follow the report. */
@ApiTags('imports')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly storage: ImportStorage,
  ) {}

  @Post('elections/:code/imports')
  @Roles('admin', 'observer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Upload a stations, seats or sheets file; it is imported in the background',
    description:
      'Admins import every kind; observers upload sheets with source `observer`. The answer comes as soon as ' +
      'the file is stored; follow `GET /api/v1/imports/{id}` for progress and the report.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiAcceptedResponse({ type: ImportAcceptedDto })
  @ApiProblems(400, 404, 413, 415)
  @ApiIdempotencyKey()
  async upload(
    @Param('code') code: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ImportAcceptedDto> {
    return this.imports.accept(code, () => receiveUpload(request, this.storage), user, idempotencyKey);
  }

  @Get('elections/:code/imports')
  @Roles('admin')
  @ApiOperation({ summary: "An election's imports, newest first (reports without their rejected rows)" })
  @ApiOkResponse({ type: ImportPageDto })
  @ApiProblems(400, 404)
  list(@Param('code') code: string, @Query() query: PageQuery): Promise<ImportPageDto> {
    return this.imports.list(code, query);
  }

  @Get('imports/:id')
  @ApiOperation({ summary: "An import's status, progress and report (admins, or the uploader)" })
  @ApiOkResponse({ type: ImportDto })
  @ApiProblems(404)
  get(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<ImportDto> {
    return this.imports.get(id, user);
  }
}
