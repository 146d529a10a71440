import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { Environment, Problem } from '@app/platform';

export interface StoredFile {
  /** Relative to STORAGE_DIR. */
  storedAs: string;
  sha256: string;
  size: number;
}

/**
 * Import files on disk under STORAGE_DIR/imports. A file streams to disk while its SHA-256 and size
 * are computed, so no upload is ever held whole in memory; one over IMPORT_MAX_BYTES is refused
 * (413) and its partial copy deleted.
 */
@Injectable()
export class ImportStorage {
  constructor(private readonly env: Environment) {}

  pathOf(storedAs: string): string {
    return resolve(this.env.STORAGE_DIR, storedAs);
  }

  async save(source: Readable, id: string): Promise<StoredFile> {
    const storedAs = `imports/${id}.csv`;
    const path = this.pathOf(storedAs);
    const partial = `${path}.part`;
    await mkdir(dirname(path), { recursive: true });
    const max = this.env.IMPORT_MAX_BYTES;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > max) return done(tooLarge(max));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      // The multipart parser stops at the same limit with its own error; say it the same way.
      throw (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? this.tooLarge() : error;
    }
    return { storedAs, sha256: hash.digest('hex'), size };
  }

  /** The first bytes of a stored file. */
  async head(storedAs: string, bytes: number): Promise<Buffer> {
    const handle = await open(this.pathOf(storedAs), 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** The 413 problem of a file over IMPORT_MAX_BYTES. */
  tooLarge(): Problem {
    return tooLarge(this.env.IMPORT_MAX_BYTES);
  }

  async remove(storedAs: string): Promise<void> {
    await rm(this.pathOf(storedAs), { force: true });
  }
}

function tooLarge(max: number): Problem {
  return new Problem({
    status: 413,
    detail: `The file is larger than the import limit of ${max} bytes (${(max / 1024 / 1024).toFixed(1)} MiB).`,
  });
}
