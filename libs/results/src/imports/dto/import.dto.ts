import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_KINDS, IMPORT_STATUSES, ImportKind, ImportStatus, ResultImport } from '../result-import.entity';

export class ImportAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: IMPORT_STATUSES, example: 'queued' })
  status: ImportStatus;
}

export class RejectedRowDto {
  @ApiProperty({ description: 'Line in the file; the header is line 1.', example: 7 })
  row: number;

  @ApiProperty({ nullable: true, type: String, example: 'ballots_cast' })
  field: string | null;

  @ApiProperty({ example: 'is not a whole number: "12.5"' })
  message: string;
}

/** An import's report without its rejected rows (lists). */
export class ImportSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'KH-2017-CC' })
  electionCode: string;

  @ApiProperty({ enum: IMPORT_KINDS })
  kind: ImportKind;

  @ApiProperty({ nullable: true, type: String, example: 'observer' })
  source: string | null;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;

  @ApiProperty({ description: '0 to 1 while it runs; 1 when done.', example: 0.42 })
  progress: number;

  @ApiProperty({ nullable: true, type: Number, description: 'Rows in the file (without the header), once read.' })
  rowsTotal: number | null;

  @ApiProperty()
  rowsAccepted: number;

  @ApiProperty()
  rowsRejected: number;

  @ApiProperty({ description: 'Accepted rows that changed something: a new station, a new sheet version…' })
  rowsChanged: number;

  @ApiProperty({ nullable: true, type: String, description: 'Why the whole file failed, when it did.' })
  failure: string | null;

  @ApiProperty({ example: 'observer-copies.csv' })
  fileName: string;

  @ApiProperty({ description: 'SHA-256 of the file, hex.' })
  fileSha256: string;

  @ApiProperty({ description: 'Bytes.' })
  fileSize: number;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The uploader; null from the CLI.' })
  createdBy: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  startedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  finishedAt: string | null;

  static of(row: ResultImport, electionCode: string): ImportSummaryDto {
    return {
      id: row.id,
      electionCode,
      kind: row.kind,
      source: row.source,
      status: row.status,
      progress: row.progress,
      rowsTotal: row.rowsTotal,
      rowsAccepted: row.rowsAccepted,
      rowsRejected: row.rowsRejected,
      rowsChanged: row.rowsChanged,
      failure: row.failure,
      fileName: row.fileName,
      fileSha256: row.fileSha256,
      fileSize: Number(row.fileSize),
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }
}

/** An import's full report (CONTRACT.md "Reference data and results"). */
export class ImportDto extends ImportSummaryDto {
  @ApiProperty({ type: [RejectedRowDto], description: 'Every rejected row, by line.' })
  errors: RejectedRowDto[];

  static override of(row: ResultImport, electionCode: string): ImportDto {
    return { ...ImportSummaryDto.of(row, electionCode), errors: row.errors };
  }
}

export class ImportPageDto {
  @ApiProperty({ type: [ImportSummaryDto] })
  items: ImportSummaryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
