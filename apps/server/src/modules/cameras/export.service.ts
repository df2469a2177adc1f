import { createHash } from 'node:crypto';
import type { EvidenceExportRequest, ExportManifest, RedactionRegion } from '@fengqiao/contracts';
import { fieldError } from '../../platform/errors';
import { readFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import { reachOf } from './cameras.policy';
import { evidenceOf, listEvents } from './events.repository';
import { BLURRED_KINDS, redactJpeg } from './redact';
import { zip } from './zip';

/** At most this many events per export: each frame costs an ffmpeg run. */
export const EXPORT_MAX_EVENTS = 100;

const FRAME_ROLES = new Set(['before', 'during', 'after']);

/**
 * Blurred exports of evidence for public release or model training. Only
 * frames the worker marked with redaction regions leave, each blurred
 * server-side (faces, people, plates; the plate area of vehicles whose plate
 * was not marked); plate close-ups and clips never leave this way, nor do
 * frames without regions: the manifest lists what was left out and why.
 * The export is audited with its purpose and the hash of the archive.
 */
export class ExportService {
  constructor(private readonly p: Platform) {}

  async export(ctx: Ctx, b: EvidenceExportRequest): Promise<{ name: string; data: Buffer; count: number }> {
    const reach = reachOf(ctx.actor);
    const { rows, total } = await listEvents(this.p.db, {
      stationId: reach.stationId,
      gridIds: reach.gridIds,
      ids: b.eventIds,
      cameraId: b.cameraId,
      kind: b.kind,
      from: b.from ? new Date(b.from) : undefined,
      to: b.to ? new Date(b.to) : undefined,
      limit: EXPORT_MAX_EVENTS + 1,
      offset: 0,
    });
    if (total === 0) throw fieldError('body.eventIds', 'no_events', 'no events match');
    if (total > EXPORT_MAX_EVENTS)
      throw fieldError(
        'body.eventIds',
        'too_many',
        `at most ${EXPORT_MAX_EVENTS} events per export; narrow the filter`,
      );
    const now = this.p.clock.now();
    const manifest: ExportManifest = {
      use: b.use ?? 'public',
      createdAt: now.toISOString(),
      blurred: [...BLURRED_KINDS],
      events: [],
    };
    const entries: { name: string; data: Buffer; at: Date }[] = [];
    for (const e of rows) {
      const item: ExportManifest['events'][number] = {
        id: e.id,
        camera: `${e.camera_code} ${e.camera_name}`,
        kind: e.kind as ExportManifest['events'][number]['kind'],
        occurredAt: e.occurred_at.toISOString(),
        files: [],
        excluded: [],
      };
      for (const v of await evidenceOf(this.p.db, e.id)) {
        const role = v.role as ExportManifest['events'][number]['files'][number]['role'];
        if (v.role === 'clip') item.excluded.push({ role, reason: 'clip' });
        else if (v.role === 'plate') item.excluded.push({ role, reason: 'plate_closeup' });
        else if (
          !FRAME_ROLES.has(v.role) ||
          !v.regions ||
          v.regions.length === 0 ||
          !v.content_type.startsWith('image/')
        )
          // Without regions nothing says where the faces and plates are: such a frame never leaves.
          item.excluded.push({ role, reason: 'no_regions' });
        else {
          const f = await readFile(this.p.db, v.file_id);
          if (!f) continue;
          const regions = v.regions as RedactionRegion[];
          const name = `${e.occurred_at.toISOString().slice(0, 10)}_${e.camera_code}_${e.id.slice(0, 8)}/${v.role}.jpg`;
          entries.push({ name, data: await redactJpeg(f.data, regions), at: v.captured_at });
          item.files.push({ name, role, regions: regions.length });
        }
      }
      manifest.events.push(item);
    }
    entries.unshift({ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)), at: now });
    const data = zip(entries);
    const files = entries.length - 1;
    const excluded = manifest.events.reduce((n, x) => n + x.excluded.length, 0);
    await this.p.audit.record(ctx.audit, {
      action: 'camera_evidence.export',
      resourceType: 'camera_event',
      resourceId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
      purpose: b.purpose,
      details: {
        use: manifest.use,
        events: rows.map((r) => r.id),
        files,
        excluded,
        sha256: createHash('sha256').update(data).digest('hex'),
      },
    });
    const stamp = now.toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-');
    return { name: `camera-evidence-${manifest.use}-${stamp}.zip`, data, count: files };
  }
}
