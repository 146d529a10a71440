import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiIdempotencyKey, ApiProblems, PageQuery } from '@app/platform';
import { type AuthenticatedUser, CurrentUser } from '@app/identity';
import { CaseEvidenceService, EvidenceContent } from './case-evidence.service';
import { EvidenceDto, EvidencePageDto, EvidenceQuery, EvidenceUploadDto } from './dto/evidence.dto';
import { closeUnreadBody } from './evidence-upload';

const BINARY = { schema: { type: 'string', format: 'binary' } };
const CONTENT_HEADERS = {
  'Content-Disposition': { description: '`attachment` with the uploaded file name', schema: { type: 'string' } },
  'Repr-Digest': { description: 'RFC 9530: `sha-256=:<base64>:`', schema: { type: 'string' } },
  'X-Content-SHA256': { description: 'The SHA-256 of the file, hex, as in the metadata', schema: { type: 'string' } },
};

/** Evidence files of a case: upload (multipart, streamed), list, metadata and content. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiProblems(401, 404)
@Controller('api/v1/cases/:reference/evidence')
export class CaseEvidenceController {
  constructor(private readonly evidence: CaseEvidenceService) {}

  @Post()
  @ApiOperation({
    summary: 'Attach a file to the case (multipart `file`, `public`, `description?`)',
    description:
      'The complainant’s side while the case is open, and the caseworkers of its jurisdiction. The file streams ' +
      'to storage with its SHA-256; its media type is read from its first bytes (415 if not accepted), and one over ' +
      'EVIDENCE_MAX_BYTES is refused with 413 while it streams. A retry with the same `Idempotency-Key`, fields ' +
      'and file gets the first answer back (`Idempotent-Replayed: true`).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadDto })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiProblems(400, 403, 409, 413, 415)
  @ApiIdempotencyKey()
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<EvidenceDto> {
    closeUnreadBody(request, reply);
    const result = await this.evidence.upload(user, reference, request, idempotencyKey);
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return result.evidence;
  }

  @Get()
  @ApiOperation({ summary: 'The evidence of the case the caller may see (the respondent: public evidence only)' })
  @ApiOkResponse({ type: EvidencePageDto })
  @ApiProblems(400)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Query() query: PageQuery,
  ): Promise<EvidencePageDto> {
    return this.evidence.list(user, reference, query);
  }

  @Get(':id')
  @ApiExtraModels(EvidenceDto)
  @ApiOperation({ summary: 'One piece of evidence: its metadata, or with `?download=1` the file itself' })
  @ApiOkResponse({
    description: 'The metadata (JSON), or the file with `?download=1`.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EvidenceDto) } },
      'application/octet-stream': BINARY,
    },
    headers: CONTENT_HEADERS,
  })
  @ApiProblems(400)
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Param('id') id: string,
    @Query() query: EvidenceQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EvidenceDto | StreamableFile> {
    if (query.download) return send(await this.evidence.content(user, reference, id), reply);
    return this.evidence.get(user, reference, id);
  }

  @Get(':id/content')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The file itself, with its media type, name and SHA-256 in the headers' })
  @ApiOkResponse({
    description: 'The file.',
    content: { 'application/octet-stream': BINARY },
    headers: CONTENT_HEADERS,
  })
  async content(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reference') reference: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return send(await this.evidence.content(user, reference, id), reply);
  }
}

function send({ evidence, stream }: EvidenceContent, reply: FastifyReply): StreamableFile {
  void reply
    .header('Repr-Digest', `sha-256=:${Buffer.from(evidence.sha256, 'hex').toString('base64')}:`)
    .header('X-Content-SHA256', evidence.sha256)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store');
  return new StreamableFile(stream, {
    type: evidence.mediaType.startsWith('text/') ? `${evidence.mediaType}; charset=utf-8` : evidence.mediaType,
    length: evidence.size,
    disposition: attachment(evidence.fileName),
  });
}

/** RFC 6266: an ASCII fallback name and the exact name in UTF-8 (Khmer names survive). */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
