import type { FastifyRequest } from 'fastify';
import { fieldError } from '../../platform/errors';

/** Reads the one file of a multipart request; a file over the limit is a field error, not a 413 page. */
export async function readUpload(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ bytes: Buffer; name: string | null }> {
  if (!req.isMultipart())
    throw fieldError('body.file', 'multipart_required', 'send the file as multipart/form-data field "file"');
  const file = await req.file({ limits: { fileSize: maxBytes + 1, files: 1 } });
  if (!file) throw fieldError('body.file', 'required', 'no file in the request');
  try {
    return { bytes: await file.toBuffer(), name: file.filename || null };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw fieldError('body.file', 'file_too_large', `at most ${maxBytes} bytes`);
    throw e;
  }
}
