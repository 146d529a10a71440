import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { Environment } from '../config/environment';
import { Problem } from '../problems/problem';

export interface StoredFile {
  /** Relative to STORAGE_DIR: `folder/id.extension`. */
  storedAs: string;
  sha256: string;
  size: number;
}

export interface SaveOptions {
  /** A folder under STORAGE_DIR (`imports`, `evidence/2017`): letters, digits, `_`, `-`, `/`. */
  folder: string;
  /** The file's name in it, usually the id of the row that points to it. */
  id: string;
  /** A longer stream is refused with 413 and nothing of it is kept. */
  maxBytes: number;
  /** Without the dot: `csv`, `pdf`. */
  extension?: string;
  /** How the 413 names the limit: "the import limit of N bytes". Default "the limit". */
  limitName?: string;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Files on the local disk under STORAGE_DIR. A file streams to disk while its SHA-256 and size are
 * computed, so it is never held whole in memory; it appears under its name only once complete
 * (written as `.part`, then renamed), and one over its limit is refused (413) and its partial copy
 * deleted. S3-compatible storage can later stand behind the same methods.
 */
@Injectable()
export class FileStorage {
  constructor(private readonly env: Environment) {}

  /** The absolute path of a stored file; refuses names that would leave STORAGE_DIR. */
  pathOf(storedAs: string): string {
    const root = resolve(this.env.STORAGE_DIR);
    const path = resolve(root, storedAs);
    const inside = relative(root, path);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new Error(`FileStorage: "${storedAs}" is not a file under STORAGE_DIR`);
    }
    return path;
  }

  async save(source: Readable, options: SaveOptions): Promise<StoredFile> {
    if (!options.folder.split('/').every((s) => SEGMENT.test(s)) || !SEGMENT.test(options.id)) {
      throw new Error(`FileStorage: bad folder or id (${options.folder}, ${options.id})`);
    }
    const extension = options.extension?.replace(/^\./, '');
    if (extension !== undefined && !SEGMENT.test(extension)) throw new Error(`FileStorage: bad extension ${extension}`);
    const storedAs = `${options.folder}/${options.id}${extension ? `.${extension}` : ''}`;
    const path = this.pathOf(storedAs);
    const partial = `${path}.part`;
    await mkdir(dirname(path), { recursive: true });
    const { maxBytes } = options;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(fileTooLarge(maxBytes, options.limitName));
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
      throw (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
        ? fileTooLarge(maxBytes, options.limitName)
        : error;
    }
    return { storedAs, sha256: hash.digest('hex'), size };
  }

  /** A read stream of a stored file (ENOENT if there is none). */
  async open(storedAs: string): Promise<ReadStream> {
    const path = this.pathOf(storedAs);
    await stat(path); // fail here, not on the stream's first read
    return createReadStream(path);
  }

  /** The first bytes of a stored file (fewer if it is shorter). */
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

  /** Deletes a stored file; nothing happens if it is already gone. */
  async remove(storedAs: string): Promise<void> {
    await rm(this.pathOf(storedAs), { force: true });
  }
}

/** The 413 problem of a file over its limit. */
export function fileTooLarge(maxBytes: number, limitName = 'the limit'): Problem {
  return new Problem({
    status: 413,
    detail: `The file is larger than ${limitName} of ${maxBytes} bytes (${(maxBytes / 1024 / 1024).toFixed(1)} MiB).`,
  });
}
