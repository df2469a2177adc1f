import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fieldError } from '../../platform/errors';
import { PHOTO_MAX_BYTES } from './duty.service';
import type { Answer } from './requests';

/** The optional Idempotency-Key header (the body's clientId wins when both are sent). */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().trim().min(8).max(128).optional() }).loose();

export function clientIdOf(req: FastifyRequest, body?: { clientId?: string | undefined } | null): string | null {
  const header = req.headers['idempotency-key'];
  return (
    body?.clientId ?? (typeof header === 'string' && header.trim().length >= 8 ? header.trim().slice(0, 128) : null)
  );
}

/** Sends a stored or fresh answer; a replay says so in `Idempotent-Replay: true`. */
export function send<T>(reply: FastifyReply, a: Answer<T>): T {
  reply.status(a.status);
  if (a.replayed) reply.header('idempotent-replay', 'true');
  return a.body;
}

/** Reads the one photo of a multipart request (field "photo"); larger than 8 MB is a 413 with code file_too_large. */
export async function readPhoto(req: FastifyRequest): Promise<{ bytes: Buffer; filename: string | null }> {
  if (!req.isMultipart())
    throw fieldError('photo', 'multipart_required', 'send the photo as multipart/form-data field "photo"');
  const file = await req.file({ limits: { fileSize: PHOTO_MAX_BYTES } });
  if (!file) throw fieldError('photo', 'required', 'no photo in the request');
  const tooLarge = () =>
    new AppError('payload_too_large', `the photo is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB`, [
      { path: 'photo', code: 'file_too_large', message: `at most ${PHOTO_MAX_BYTES} bytes` },
    ]);
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (e) {
    if ((e as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw e;
  }
  if (file.file.truncated) throw tooLarge();
  return { bytes, filename: file.filename || null };
}

export function sendFile(reply: FastifyReply, f: { contentType: string; data: Buffer; sha256: string }) {
  reply.header('content-type', f.contentType).header('cache-control', 'private, no-store').header('etag', f.sha256);
  return reply.send(f.data);
}
