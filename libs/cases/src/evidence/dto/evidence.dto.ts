import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CaseEvidence } from '../case-evidence.entity';

/** The form fields of an evidence upload (the `file` part aside), validated like any body. */
export class EvidenceFieldsDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'Photo of the result sheet posted at S01' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({
    enum: ['true', 'false'],
    description: 'Public evidence is shown to the respondent and in the published record; the rest is not.',
  })
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  public: 'true' | 'false';
}

/** The multipart body, as the OpenAPI document describes it. */
export class EvidenceUploadDto extends EvidenceFieldsDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The file; its media type is read from its first bytes and must be one of EVIDENCE_MEDIA_TYPES.',
  })
  file: unknown;
}

export class EvidenceQuery {
  @ApiPropertyOptional({ enum: ['1', 'true'], description: 'Send the file itself instead of its metadata.' })
  @IsOptional()
  @Transform(({ value }) =>
    value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'must be 1, 0, true or false' })
  download?: boolean;
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ nullable: true, type: String })
  caseReference: string | null;

  @ApiProperty({ example: 'sheet-S01.jpg' })
  fileName: string;

  @ApiProperty({ example: 'image/jpeg', description: 'As read from the first bytes of the file.' })
  mediaType: string;

  @ApiProperty({ description: 'Bytes.' })
  size: number;

  @ApiProperty({ description: 'SHA-256 of the content, hex.' })
  sha256: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty()
  public: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'Username of the uploader.' })
  uploadedBy: string | null;

  @ApiProperty()
  createdAt: string;

  static of(e: CaseEvidence, caseReference: string | null, uploadedBy: string | null): EvidenceDto {
    return {
      id: e.id,
      caseReference,
      fileName: e.fileName,
      mediaType: e.mediaType,
      size: Number(e.size),
      sha256: e.sha256,
      description: e.description,
      public: e.public,
      uploadedBy,
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class EvidencePageDto {
  @ApiProperty({ type: [EvidenceDto] })
  items: EvidenceDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
