import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems, PublicCache, sendCached } from '@app/platform';
import { Public } from '@app/identity';
import { PublicDecisionQuery, PublicStatsQuery } from '../dto/public-decision.query';
import { PublicDecisionPageDto, PublicStatsDto } from '../dto/public-decision.dto';
import { PublicDecisionsService } from './public-decisions.service';

/** The public record: anyone may search, read, download and count the published decisions. */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicDecisionsController {
  constructor(private readonly decisions: PublicDecisionsService) {}

  @Get('decisions')
  @ApiOperation({ summary: 'Search published decisions: full text in English, substrings in Khmer; filters' })
  @ApiOkResponse({ type: PublicDecisionPageDto })
  @ApiProblems(400)
  async search(
    @Query() query: PublicDecisionQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Serialised once, and the ETag is the hash of that text (PublicCache would serialise the page twice).
    const page: PublicDecisionPageDto = await this.decisions.search(query);
    sendCached(request, reply, JSON.stringify(page), { maxAgeSeconds: 30 });
  }

  @Get('decisions.csv')
  @ApiOperation({ summary: 'The published decisions as CSV (streamed), with the same filters' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one decision a line.' })
  @ApiProblems(400)
  csv(@Query() query: PublicDecisionQuery, @Res() reply: FastifyReply): void {
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="decisions.csv"')
      .header('Cache-Control', 'public, max-age=60')
      .send(this.decisions.csv(query));
  }

  @Get('feed.atom')
  @ApiOperation({ summary: 'An Atom feed of the newest published decisions' })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'Atom 1.0 (RFC 4287).' })
  @ApiProblems(400)
  async atom(
    @Query() query: PublicDecisionQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const feed = await this.decisions.atom(`${request.protocol}://${request.host}`, query);
    sendCached(request, reply, feed, { type: 'application/atom+xml; charset=utf-8' });
  }

  @Get('decisions/:reference')
  @ApiOperation({
    summary: 'One published decision: the redacted record with its timeline, linked stations and sheets',
    description:
      'The record is what the transparency log holds (its canonical JSON is the leaf), plus `transparency.leafIndex`.',
  })
  @ApiOkResponse({ description: 'The public record.' })
  @ApiProblems(404)
  async detail(
    @Param('reference') reference: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const document = await this.decisions.document('decision', reference);
    sendCached(request, reply, document.body, { etag: document.etag });
  }

  @Get('recounts/:id')
  @ApiOperation({
    summary: 'One certified recount: the figures it replaced and the ones it certified, with its leaf index',
  })
  @ApiOkResponse({ description: 'The public record of the recount.' })
  @ApiProblems(404)
  async recount(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const document = await this.decisions.document('recount', id);
    sendCached(request, reply, document.body, { etag: document.etag });
  }

  @Get('stats')
  @PublicCache()
  @Header('Vary', 'Accept')
  @ApiOperation({
    summary: 'Public statistics: cases by state, category, area and outcome, time to decision, match rate, recounts',
  })
  @ApiOkResponse({ type: PublicStatsDto })
  @ApiProblems(400, 404)
  stats(@Query() query: PublicStatsQuery): Promise<PublicStatsDto> {
    return this.decisions.stats(query.election);
  }
}
