import { Controller, Get, Param, ParseIntPipe, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems, Problem, sendCached } from '@app/platform';
import { Public } from '@app/identity';

/** The published amendments of a decision: each its own public record and leaf, naming the decision it amends. */
@ApiTags('public')
@Public()
@Controller('api/v1/public/decisions/:reference/amendments')
export class PublicAmendmentsController {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @Get()
  @ApiOperation({ summary: 'The published amendments of a decision, oldest first, each with its leaf index' })
  @ApiOkResponse({ description: '`{ items: [public record] }`.' })
  @ApiProblems(404)
  async list(
    @Param('reference') reference: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rows: { kind: string; document: string | null }[] = await this.txHost.tx.query(
      `SELECT r.kind, r.document FROM public_records d
         LEFT JOIN public_records r ON r.kind = 'amendment' AND r.case_id = d.case_id AND r.document IS NOT NULL
        WHERE d.kind = 'decision' AND d.reference = $1
        ORDER BY r.published_at, r.id`,
      [reference.toUpperCase()],
    );
    if (rows.length === 0) throw Problem.notFound(`There is no published decision ${reference}.`);
    const items = rows.filter((r) => r.document !== null).map((r) => r.document);
    sendCached(request, reply, `{"items":[${items.join(',')}]}`);
  }

  @Get(':n')
  @ApiOperation({ summary: 'One published amendment (`{reference}/A{n}`): its public record and leaf index' })
  @ApiOkResponse({ description: 'The public record of the amendment.' })
  @ApiProblems(404)
  async detail(
    @Param('reference') reference: string,
    @Param('n', ParseIntPipe) n: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const amendment = `${reference.toUpperCase()}/A${n}`;
    const [row]: { document: string; etag: string | null }[] = await this.txHost.tx.query(
      `SELECT document, etag FROM public_records WHERE kind = 'amendment' AND reference = $1 AND document IS NOT NULL`,
      [amendment],
    );
    if (!row) throw Problem.notFound(`There is no published amendment ${amendment}.`);
    sendCached(request, reply, row.document, { etag: row.etag ?? undefined });
  }
}
