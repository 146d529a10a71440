import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { LEAF_KINDS, LeafKind } from '../store/transparency-leaf.entity';

const MAX_INDEX = Number.MAX_SAFE_INTEGER;

export class EntriesQuery {
  @ApiProperty({ minimum: 0, example: 0, description: 'The first index.' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  start: number;

  @ApiPropertyOptional({
    minimum: 0,
    example: 1000,
    description: 'One past the last index; defaults to the tree size. At most 1,000 entries are returned per call.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  end?: number;
}

export class InclusionProofQuery {
  @ApiProperty({
    example: '0',
    description:
      'The leaf: its index (decimal), or its leaf hash in base64 (standard or URL-safe alphabet; a "+" sent unescaped arrives as a space and is read as "+").',
  })
  @Matches(/^(0|[1-9]\d{0,15}|[A-Za-z0-9+/ _-]{43}=?)$/, { message: 'must be a leaf index or a base64 leaf hash' })
  leaf: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The tree the proof is for; defaults to the current size.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INDEX)
  treeSize?: number;
}

export class ConsistencyProofQuery {
  @ApiProperty({ minimum: 1, description: 'The older tree size.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INDEX)
  from: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The newer tree size; defaults to the current size.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INDEX)
  to?: number;
}

export class TransparencyKeyDto {
  @ApiProperty({ example: 'recourse.example/log', description: 'The key name, also the checkpoint origin.' })
  name: string;

  @ApiProperty({ enum: ['ed25519'] })
  algorithm: 'ed25519';

  @ApiProperty({ description: 'Base64 of the 32 raw bytes of the Ed25519 public key.' })
  publicKey: string;

  @ApiProperty({
    example: 'recourse.example/log+1a2b3c4d+AdXfZ…',
    description: 'The C2SP signed-note verifier key: name+hexhash+base64(0x01 ‖ key).',
  })
  verifierKey: string;
}

export class LogEntryDto {
  @ApiProperty({ example: 0 })
  index: number;

  @ApiProperty({ description: 'Base64 of SHA-256(0x00 ‖ leaf).' })
  leafHash: string;

  @ApiProperty({ description: 'The RFC 8785 canonical JSON of the public record, as hashed.' })
  leaf: string;

  @ApiProperty({ enum: LEAF_KINDS })
  kind: LeafKind;

  @ApiProperty({ example: 'KH-2017-CC-000001' })
  reference: string;
}

export class LogEntriesDto {
  @ApiProperty({ type: [LogEntryDto] })
  items: LogEntryDto[];
}

export class InclusionProofDto {
  @ApiProperty()
  leafIndex: number;

  @ApiProperty()
  treeSize: number;

  @ApiProperty({ type: [String], description: 'Base64 hashes, from the leaf upwards (RFC 9162 §2.1.3).' })
  hashes: string[];
}

export class ConsistencyProofDto {
  @ApiProperty()
  from: number;

  @ApiProperty()
  to: number;

  @ApiProperty({ type: [String], description: 'Base64 hashes (RFC 9162 §2.1.4).' })
  hashes: string[];
}
