import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Problem, PublicCache } from '@app/platform';
import { Public } from '@app/identity';
import {
  ConsistencyProofDto,
  ConsistencyProofQuery,
  EntriesQuery,
  InclusionProofDto,
  InclusionProofQuery,
  LogEntriesDto,
  TransparencyKeyDto,
} from './dto/transparency.dto';
import { TransparencyKeys } from './log/transparency-keys.service';
import { TransparencyLog } from './log/transparency-log.service';

const b64 = (hash: Buffer) => hash.toString('base64');

/** The public transparency log (CONTRACT.md "Public"): anyone may read and verify it. */
@ApiTags('transparency')
@Controller('api/v1/transparency')
export class TransparencyController {
  constructor(
    private readonly log: TransparencyLog,
    private readonly keys: TransparencyKeys,
  ) {}

  @Get('checkpoint')
  @Public()
  @PublicCache(1)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The newest checkpoint: a C2SP tlog-checkpoint signed note (Ed25519)' })
  @ApiOkResponse({
    description:
      'origin, tree size and base64 root hash on three lines, a blank line, then `— <key name> <base64(key hash ‖ signature)>`',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems(503)
  async checkpoint(): Promise<string> {
    return (await this.log.checkpoint()).note;
  }

  @Get('key')
  @Public()
  @PublicCache(300)
  @ApiOperation({ summary: 'The public key that signs the checkpoints' })
  @ApiOkResponse({ type: TransparencyKeyDto })
  @ApiProblems(503)
  async key(): Promise<TransparencyKeyDto> {
    const key = await this.keys.key();
    return { name: key.name, algorithm: 'ed25519', publicKey: b64(key.publicKey), verifierKey: key.verifierKey };
  }

  @Get('entries')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'Leaves [start, end), at most 1,000 per call, in index order' })
  @ApiOkResponse({ type: LogEntriesDto })
  @ApiProblems(400, 422)
  async entries(@Query() query: EntriesQuery): Promise<LogEntriesDto> {
    const entries = await this.log.entries(query.start, query.end);
    return { items: entries.map((e) => ({ ...e, leafHash: b64(e.leafHash) })) };
  }

  @Get('proof/inclusion')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of a leaf (by index or leaf hash) in a tree size' })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiProblems(400, 404, 422)
  async inclusion(@Query() query: InclusionProofQuery): Promise<InclusionProofDto> {
    const leafIndex = await this.leafIndex(query.leaf);
    const proof = await this.log.inclusionProof(leafIndex, query.treeSize);
    return { leafIndex, treeSize: proof.treeSize, hashes: proof.hashes.map(b64) };
  }

  @Get('proof/consistency')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'RFC 9162 consistency proof between two tree sizes' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblems(400, 422)
  async consistency(@Query() query: ConsistencyProofQuery): Promise<ConsistencyProofDto> {
    const proof = await this.log.consistencyProof(query.from, query.to);
    return { from: query.from, to: proof.to, hashes: proof.hashes.map(b64) };
  }

  private async leafIndex(leaf: string): Promise<number> {
    if (/^\d+$/.test(leaf)) return Number(leaf);
    const hash = Buffer.from(leaf.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (hash.length !== 32) throw Problem.validation([{ field: 'leaf', message: 'a leaf hash is 32 bytes' }]);
    const index = await this.log.indexOf(hash);
    if (index === null) throw Problem.notFound('No leaf has this hash.');
    return index;
  }
}
