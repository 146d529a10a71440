import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { detectMediaType, FileStorage, fileTooLarge, MEDIA_TYPE_HEAD_BYTES, Problem, StoredFile } from '@app/platform';

/** A multipart evidence request as received: the form fields, and the file already on disk under `id`. */
export interface ReceivedEvidence {
  id: string;
  fields: Record<string, string>;
  file?: StoredFile & { fileName: string; mediaType: string };
}

export interface EvidenceLimits {
  folder: string;
  maxBytes: number;
  mediaTypes: readonly string[];
}

/** Room for the form fields and part headers around the file (10 fields of at most 64 KiB). */
const MULTIPART_OVERHEAD = 1024 * 1024;
const LIMIT_NAME = 'the evidence limit';

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'text/plain': 'txt',
  'text/csv': 'csv',
};

/**
 * Reads a multipart evidence request part by part. The `file` part's first bytes decide its media
 * type before anything is stored (415 at once for a type not accepted); then it streams to storage,
 * hashed and counted, and is cut off at `maxBytes` (413) without reading the rest. A request whose
 * declared length is already too large is refused before its body is read.
 */
export async function receiveEvidence(
  request: FastifyRequest,
  storage: FileStorage,
  limits: EvidenceLimits,
): Promise<ReceivedEvidence> {
  if (!request.isMultipart()) {
    throw new Problem({
      status: 415,
      detail: 'Send evidence as multipart/form-data, with the fields file, public and (optionally) description.',
    });
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes + MULTIPART_OVERHEAD) {
    throw fileTooLarge(limits.maxBytes, LIMIT_NAME);
  }
  const upload: ReceivedEvidence = { id: randomUUID(), fields: {} };
  try {
    for await (const part of request.parts({ limits: { fileSize: limits.maxBytes + 1, files: 1 } })) {
      if (part.type === 'field') {
        upload.fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.destroy();
        throw Problem.validation([
          { field: part.fieldname, message: 'is not an allowed field; send the file as "file"' },
        ]);
      }
      const { head, rest } = await peek(part.file, MEDIA_TYPE_HEAD_BYTES);
      if (head.length === 0) throw Problem.validation([{ field: 'file', message: 'is empty' }]);
      const { mediaType } = detectMediaType(head, part.mimetype, part.filename);
      if (!limits.mediaTypes.includes(mediaType)) {
        rest.destroy();
        throw new Problem({
          status: 415,
          detail: `The file is ${mediaType} by its content; accepted evidence types are ${limits.mediaTypes.join(', ')}.`,
          errors: [{ field: 'file', message: `${mediaType} is not an accepted evidence type` }],
        });
      }
      const stored = await storage.save(rest, {
        folder: limits.folder,
        id: upload.id,
        maxBytes: limits.maxBytes,
        extension: EXTENSIONS[mediaType],
        limitName: LIMIT_NAME,
      });
      upload.file = { ...stored, fileName: safeFileName(part.filename, EXTENSIONS[mediaType]), mediaType };
      // The parser cuts a file at the limit and says so only on the next part: stop here instead.
      if (part.file.truncated) throw fileTooLarge(limits.maxBytes, LIMIT_NAME);
    }
  } catch (error) {
    if (upload.file) await storage.remove(upload.file.storedAs);
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(limits.maxBytes, LIMIT_NAME);
    if (code === 'FST_FILES_LIMIT') throw Problem.validation([{ field: 'file', message: 'send one file only' }]);
    throw error;
  }
  return upload;
}

/** How long, and how much, a refused upload may go on sending after its answer before it is cut off. */
const LINGER_MS = 2000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Once the answer is sent, a request whose body was not read to its end (a refusal midway) is not
 * read to its end either: Node would otherwise read and discard all of a 2 GB body to keep the
 * connection. Closing at once would reset the connection and could lose the answer before the
 * client reads it, so the rest is discarded for a moment (as web servers' lingering close does),
 * then the connection is closed.
 */
export function closeUnreadBody(request: FastifyRequest, reply: FastifyReply): void {
  reply.raw.once('finish', () => {
    const raw = request.raw;
    if (raw.complete || raw.destroyed) return;
    let discarded = 0;
    const close = () => raw.socket?.destroy();
    const timer = setTimeout(close, LINGER_MS).unref();
    raw.once('end', () => clearTimeout(timer));
    raw.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) close();
    });
    raw.resume();
  });
}

/** The first `bytes` of a stream, and a stream of the whole of it (the head included). */
async function peek(source: Readable, bytes: number): Promise<{ head: Buffer; rest: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const start = Buffer.concat(chunks);
  async function* whole() {
    if (start.length > 0) yield start;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const rest = Readable.from(whole(), { objectMode: false });
  // Destroying the copy (a refusal, a failed save) must stop the source too.
  rest.once('close', () => void iterator.return?.());
  return { head: start.subarray(0, bytes), rest };
}

/** The name as uploaded, without any path, at most 255 characters; a neutral one if there is none. */
function safeFileName(name: string | undefined, extension: string | undefined): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 255);
  return base || `evidence${extension ? `.${extension}` : ''}`;
}
