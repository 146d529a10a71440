import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IMPORTABLE_SOURCE, SOURCES_IN_WORDS } from '../../sheets/sheet-sources';
import { IMPORT_KINDS, ImportKind } from '../result-import.entity';

/** The form fields of an upload (the `file` part aside), validated like any body. */
export class ImportFieldsDto {
  @ApiProperty({ enum: IMPORT_KINDS, example: 'sheets' })
  @IsIn(IMPORT_KINDS, { message: `must be one of: ${IMPORT_KINDS.join(', ')}` })
  kind: ImportKind;

  @ApiPropertyOptional({
    description:
      'For sheets only, and required there: `official_preliminary`, `official_final`, `observer`, ' +
      '`observer:<ORG>` (an observer organisation) or `party:<CODE>` (a party of the election). An observer ' +
      "uploads only its organisation's sheets: its `observer` means `observer:<ORG>`, its organisation's name " +
      'upper-cased with hyphens. Recounts are entered by officers, not imported.',
    example: 'observer',
  })
  @IsOptional()
  @Matches(IMPORTABLE_SOURCE, {
    message: `must be one of ${SOURCES_IN_WORDS} (recounts are entered by officers)`,
  })
  source?: string;
}

/** The multipart body, as the OpenAPI document describes it. */
export class ImportUploadDto extends ImportFieldsDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'CSV, UTF-8, one header row (CONTRACT.md "Import files").',
  })
  file: unknown;
}
