import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { loadEnvironment } from '../config/environment';
import { Problem } from '../problems/problem';
import { FileStorage } from './file-storage';

describe('FileStorage', () => {
  let dir: string;
  let storage: FileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recourse-storage-'));
    storage = new FileStorage(loadEnvironment({ STORAGE_DIR: dir }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

  it('streams a file to folder/id.extension with its SHA-256 and size', async () => {
    const body = 'ភស្តុតាង evidence\n'.repeat(1000);
    const stored = await storage.save(chunks(body.slice(0, 500), body.slice(500)), {
      folder: 'evidence/2017',
      id: 'abc-123',
      maxBytes: 1 << 20,
      extension: '.pdf',
    });
    expect(stored).toEqual({
      storedAs: 'evidence/2017/abc-123.pdf',
      sha256: createHash('sha256').update(body).digest('hex'),
      size: Buffer.byteLength(body),
    });
    expect(await readFile(join(dir, 'evidence/2017/abc-123.pdf'), 'utf8')).toBe(body);
    expect(await text(await storage.open(stored.storedAs))).toBe(body);
    expect(await storage.head(stored.storedAs, 5)).toEqual(Buffer.from(body).subarray(0, 5));
    expect(await storage.head(stored.storedAs, stored.size + 10)).toHaveLength(stored.size);
    expect(storage.pathOf(stored.storedAs)).toBe(join(dir, 'evidence/2017/abc-123.pdf'));
  });

  it('refuses a stream over the limit with a 413 Problem and keeps nothing of it', async () => {
    const save = storage.save(chunks('x'.repeat(600), 'y'.repeat(600)), {
      folder: 'imports',
      id: 'big',
      maxBytes: 1024,
      extension: 'csv',
      limitName: 'the import limit',
    });
    await expect(save).rejects.toBeInstanceOf(Problem);
    await expect(save).rejects.toMatchObject({
      message: 'The file is larger than the import limit of 1024 bytes (0.0 MiB).',
      status: 413,
    });
    expect(await readdir(join(dir, 'imports'))).toEqual([]);
  });

  it('accepts a file of exactly the limit', async () => {
    const stored = await storage.save(chunks('z'.repeat(1024)), { folder: 'f', id: 'exact', maxBytes: 1024 });
    expect(stored).toMatchObject({ storedAs: 'f/exact', size: 1024 });
  });

  it('a second save of the same id replaces the file whole', async () => {
    await storage.save(chunks('first'), { folder: 'f', id: 'same', maxBytes: 100 });
    await storage.save(chunks('second'), { folder: 'f', id: 'same', maxBytes: 100 });
    expect(await readFile(join(dir, 'f/same'), 'utf8')).toBe('second');
    expect(await readdir(join(dir, 'f'))).toEqual(['same']);
  });

  it('removes a file, and removing it again is no error', async () => {
    const { storedAs } = await storage.save(chunks('gone'), { folder: 'f', id: 'r', maxBytes: 100 });
    await storage.remove(storedAs);
    await storage.remove(storedAs);
    await expect(storage.open(storedAs)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses names that would leave STORAGE_DIR', async () => {
    expect(() => storage.pathOf('../etc/passwd')).toThrow('not a file under STORAGE_DIR');
    expect(() => storage.pathOf('/etc/passwd')).toThrow('not a file under STORAGE_DIR');
    expect(() => storage.pathOf('')).toThrow('not a file under STORAGE_DIR');
    await expect(storage.save(chunks('x'), { folder: '../up', id: 'x', maxBytes: 10 })).rejects.toThrow('bad folder');
    await expect(storage.save(chunks('x'), { folder: 'f', id: '../x', maxBytes: 10 })).rejects.toThrow('bad folder');
  });
});
