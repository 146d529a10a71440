import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Problem } from '@app/platform';
import { ImportStorage, StoredFile } from './import-storage';

/** A multipart upload as received: the form fields, and the file already on disk under `id`. */
export interface ReceivedUpload {
  id: string;
  fields: Record<string, string>;
  file?: StoredFile & { fileName: string };
}

/**
 * Reads a multipart import request part by part: fields are kept, the `file` part streams to
 * storage (never buffered whole). Fields may come before or after the file.
 */
export async function receiveUpload(request: FastifyRequest, storage: ImportStorage): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new Problem({
      status: 415,
      detail: 'Send the file as multipart/form-data, with the fields file, kind and (for sheets) source.',
    });
  }
  const upload: ReceivedUpload = { id: randomUUID(), fields: {} };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        upload.fields[part.fieldname] = String(part.value);
      } else if (part.fieldname !== 'file') {
        part.file.resume();
        throw Problem.validation([
          { field: part.fieldname, message: 'is not an allowed field; send the file as "file"' },
        ]);
      } else {
        upload.file = { ...(await storage.save(part.file, upload.id)), fileName: part.filename };
        // The parser cuts a file at the limit and says so only on the next part: stop here instead.
        if (part.file.truncated) throw storage.tooLarge();
      }
    }
  } catch (error) {
    if (upload.file) await storage.remove(upload.file.storedAs);
    throw (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? storage.tooLarge() : error;
  }
  return upload;
}
