import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Environment, FileStorage, fileTooLarge, Problem, StoredFile } from '@app/platform';

export type { StoredFile };

/**
 * Import files under STORAGE_DIR/imports, through the platform's FileStorage: streamed to disk
 * with their SHA-256 and size, one over IMPORT_MAX_BYTES refused (413) and its partial copy deleted.
 */
@Injectable()
export class ImportStorage {
  constructor(
    private readonly env: Environment,
    private readonly files: FileStorage,
  ) {}

  pathOf(storedAs: string): string {
    return this.files.pathOf(storedAs);
  }

  save(source: Readable, id: string): Promise<StoredFile> {
    return this.files.save(source, {
      folder: 'imports',
      id,
      extension: 'csv',
      maxBytes: this.env.IMPORT_MAX_BYTES,
      limitName: 'the import limit',
    });
  }

  /** The first bytes of a stored file. */
  head(storedAs: string, bytes: number): Promise<Buffer> {
    return this.files.head(storedAs, bytes);
  }

  /** The 413 problem of a file over IMPORT_MAX_BYTES. */
  tooLarge(): Problem {
    return fileTooLarge(this.env.IMPORT_MAX_BYTES, 'the import limit');
  }

  remove(storedAs: string): Promise<void> {
    return this.files.remove(storedAs);
  }
}
