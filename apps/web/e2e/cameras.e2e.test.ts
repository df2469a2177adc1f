import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CameraDetail, ClaimResponse, Rule, TownMap } from '@fengqiao/contracts';
import { encodeJpeg, ffmpegFrame, readImage, renderScene, scenes } from '@fengqiao/vision';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { type ApiSession, apiSession } from './support/api';
import { e2e, launchBrowser, skipBrowser } from './support/browser';
import { saveToDocs } from './support/docs';

/**
 * The camera network in the browser: a leader uploads a snapshot of a road,
 * draws the emergency lane as a zone on it, saves it and makes a rule from
 * the emergency-lane template; a worker (with a token the system
 * administrator issued) posts an event with evidence frames, and an officer
 * opens the evidence page, stating why.
 */

const MEDIA = path.resolve(import.meta.dirname, '../../../../shared/media/coco-val-sample');

/** A frame of the generated road scene: the car standing in the emergency lane (sprites when the media is there). */
async function roadFrames(dir: string): Promise<string[]> {
  const clip = path.join(dir, 'road.mp4');
  const sprites = fs.existsSync(MEDIA) ? scenes().emergencyStop : [];
  await renderScene(clip, MEDIA, sprites, { width: 640, height: 360, fps: 10, durationS: 10 });
  const out: string[] = [];
  for (const [i, at] of [4, 8, 9.5].entries()) {
    const file = path.join(dir, `f${i}.png`);
    await ffmpegFrame(clip, at, file);
    out.push(file);
  }
  return out;
}

/** Clicks at a fraction of the canvas, as an officer places a vertex. */
async function clickAt(page: Page, fx: number, fy: number): Promise<void> {
  const box = await page.getByTestId('zone-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
}

describe.skipIf(skipBrowser)('camera network', () => {
  let browser: Browser;
  let leader: ApiSession;
  let dir: string;
  let frames: string[];
  let camera: CameraDetail;

  beforeAll(async () => {
    browser = await launchBrowser();
    leader = await apiSession('leader');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-cam-e2e-'));
    frames = await roadFrames(dir);
    const map = await leader.get<TownMap>('/api/map');
    const g01 = map.grids.find((g) => g.code === 'G01') ?? map.grids[0];
    if (!g01) throw new Error('no grid');
    camera = await leader.send<CameraDetail>('POST', '/api/cameras', {
      code: `E2E-${Date.now().toString(36)}`,
      name: 'G15 沈海高速 K88+200 应急车道',
      lng: g01.centroid[0],
      lat: g01.centroid[1],
      streamUrl: 'rtsp://10.20.1.88/Streaming/Channels/102',
      mainStreamUrl: 'rtsp://10.20.1.88/Streaming/Channels/101',
      directionDeg: 90,
      detectFps: 5,
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a leader draws the emergency lane on the snapshot and saves a rule from the template', async () => {
    const { page, screenshot } = await signedInPage(browser, 'leader');
    await page.goto(`/cameras/${camera.id}`);
    await page.getByTestId('camera-editor').waitFor();
    await page.locator('input[type=file]').setInputFiles(frames[1] ?? '');
    await page.locator('.fq-cam-canvas img').waitFor();
    await expect
      .poll(() => page.locator('.fq-cam-canvas img').evaluate((i: HTMLImageElement) => i.naturalWidth))
      .toBe(640);

    await page.getByTestId('draw-zone').click();
    await page.getByTestId('shape-name').fill('应急车道');
    for (const [x, y] of [
      [0.02, 0.81],
      [0.98, 0.81],
      [0.98, 0.99],
      [0.02, 0.99],
    ] as const)
      await clickAt(page, x, y);
    await page.getByTestId('finish-shape').click();
    await page.getByTestId('draw-line').click();
    await page.getByTestId('shape-name').fill('中心线');
    await clickAt(page, 0.02, 0.52);
    await clickAt(page, 0.98, 0.52);
    await page.getByTestId('finish-shape').click();
    await page.getByTestId('save-shapes').click();
    await page.getByText('图形已保存').waitFor();

    const saved = await leader.get<CameraDetail>(`/api/cameras/${camera.id}`);
    const zone = saved.shapes.find((s) => s.kind === 'zone');
    expect(zone?.name).toBe('应急车道');
    expect(zone?.points).toHaveLength(4);
    expect(zone?.points[0]?.[0]).toBeCloseTo(0.02, 1);
    expect(zone?.points[0]?.[1]).toBeCloseTo(0.81, 1);

    await page.getByTestId('rule-template').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '应急车道停车' }).click();
    await page.getByTestId('save-rule').click();
    await page.getByText('规则已保存').waitFor();
    await page.getByTestId('rule-list').getByText('应急车道停车').waitFor();

    const after = await leader.get<CameraDetail>(`/api/cameras/${camera.id}`);
    const rule = after.rules.find((r) => r.template === 'emergency_lane_stop');
    expect(rule?.spec).toMatchObject({ kind: 'dwell', zoneId: zone?.id, dwellSeconds: 10 });
    expect(rule?.violation).toBe(true);
    await page.getByTestId('camera-editor').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    saveToDocs(await screenshot('cameras-zone-editor'), 'cameras-zone-editor.png');

    // On a phone the editor stacks the picture above the rules.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot('cameras-zone-editor-mobile');
  });

  it('a worker posts an event with evidence; an officer opens it stating a purpose', async () => {
    const admin = await apiSession('sysadmin');
    const { token } = await admin.send<{ token: string }>('POST', '/api/vision/tokens', { name: 'e2e worker' });
    const worker = async <T>(url: string, body: unknown): Promise<T> => {
      const res = await fetch(`${e2e.baseUrl}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const claimed = await worker<ClaimResponse>('/api/vision/claim', { workerId: 'e2e-worker', max: 16 });
    const cam = claimed.cameras.find((c) => c.id === camera.id);
    const rule = cam?.rules.find((r: Rule) => r.template === 'emergency_lane_stop');
    if (!rule) throw new Error('the rule of the first test is missing');
    const t0 = Date.now() - 20_000;
    const box = [0.6, 0.78, 0.19, 0.2] as const;
    const evidence = await Promise.all(
      (['before', 'during', 'after'] as const).map(async (role, i) => {
        const f = await readImage(frames[i] ?? '');
        const at = t0 + i * 2000;
        const text = `${new Date(at + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} ${camera.name} ${camera.code} 应急车道停车`;
        const jpeg = await encodeJpeg(f, { box: role === 'during' ? box : null, text });
        return { role, capturedAt: new Date(at).toISOString(), data: jpeg.toString('base64') };
      }),
    );
    const eventId = crypto.randomUUID();
    const accepted = await worker<{ incidentNumber: string | null }>('/api/vision/events', {
      eventId,
      workerId: 'e2e-worker',
      cameraId: camera.id,
      ruleId: rule.id,
      kind: 'dwell',
      occurredAt: new Date(t0 + 2000).toISOString(),
      trackId: 3,
      objectClass: 'car',
      confidence: 0.87,
      bbox: box,
      dwellSeconds: 11.2,
      plateStatus: 'unreadable',
      evidence,
    });
    expect(accepted.incidentNumber).toBeTruthy();

    const { page, screenshot } = await signedInPage(browser, 'operator');
    await page.goto(`/cameras/events/${eventId}`);
    await page.getByTestId('evidence-purpose').waitFor();
    await page.getByTestId('purpose-submit').click();
    await page.getByText('请填写至少4个字的查看事由').waitFor();
    await page.getByTestId('purpose-input').fill('核查应急车道违停警情');
    await page.getByTestId('purpose-submit').click();
    await page.getByTestId('evidence-page').waitFor();
    await expect.poll(() => page.getByTestId('evidence-frame').count()).toBe(3);
    await expect
      .poll(() =>
        page
          .locator('[data-testid=evidence-frame] img')
          .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth === 640)),
      )
      .toBe(true);
    await page.getByText(accepted.incidentNumber ?? '').waitFor();
    await page.getByTestId('plate-unreadable').getByText('号牌无法识别').waitFor();
    await screenshot('cameras-evidence-unreadable');

    // The officer then confirms the violation from the page.
    await page.getByRole('button', { name: '确认违法' }).click();
    await page.getByText('已确认').first().waitFor();

    // The review queue lists it under confirmed, with the rule's false-alarm rate below; the registry shows the camera.
    await page.goto('/cameras/review');
    await page.getByTestId('camera-review').waitFor();
    await page.getByText('已确认', { exact: true }).first().click();
    await page.getByTestId('camera-review').getByText(camera.name).first().waitFor();
    await page.goto('/cameras');
    await page.getByTestId('cameras-page').getByText(camera.name).first().waitFor();
  });

  it('a violation with a read plate: plate close-up and clip on the evidence page, review in the traffic queue, a blurred export, the camera offline on the board', async () => {
    const admin = await apiSession('sysadmin');
    const { token } = await admin.send<{ token: string }>('POST', '/api/vision/tokens', { name: 'e2e worker 2' });
    const worker = async <T>(url: string, body: unknown): Promise<T> => {
      const res = await fetch(`${e2e.baseUrl}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const claimed = await worker<ClaimResponse>('/api/vision/claim', { workerId: 'e2e-worker', max: 16 });
    const rule = claimed.cameras
      .find((c) => c.id === camera.id)
      ?.rules.find((r: Rule) => r.template === 'emergency_lane_stop');
    if (!rule) throw new Error('the rule of the first test is missing');
    // A 2-second H.264 clip of the scene and a close-up cut around the car's rear (what the worker sends).
    const clip = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-ss',
      '7',
      '-t',
      '2',
      '-i',
      path.join(dir, 'road.mp4'),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      '-y',
      clip,
    ]);
    const closeUp = execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      frames[1] ?? '',
      '-vf',
      'crop=iw*0.19:ih*0.1:iw*0.6:ih*0.88,scale=240:-2',
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      'pipe:1',
    ]);
    const box = [0.6, 0.78, 0.19, 0.2] as const;
    const plateBox = [0.64, 0.9, 0.1, 0.06] as const;
    const regions = [
      { kind: 'vehicle', box },
      { kind: 'plate', box: plateBox },
    ];
    const t0 = Date.now() - 15_000;
    const evidence = [
      ...(await Promise.all(
        (['before', 'during', 'after'] as const).map(async (role, i) => {
          const f = await readImage(frames[i] ?? '');
          const at = t0 + i * 2000;
          const text = `${new Date(at + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} ${camera.name} ${camera.code} 应急车道停车`;
          const jpeg = await encodeJpeg(f, { box: role === 'during' ? box : null, text });
          return { role, capturedAt: new Date(at).toISOString(), data: jpeg.toString('base64'), regions };
        }),
      )),
      {
        role: 'plate',
        capturedAt: new Date(t0 + 2000).toISOString(),
        data: closeUp.toString('base64'),
        regions: [{ kind: 'plate', box: [0, 0, 1, 1] }],
      },
      { role: 'clip', capturedAt: new Date(t0).toISOString(), data: fs.readFileSync(clip).toString('base64'), regions },
    ];
    // The worker posts the alert the moment the rule fires (before and during frames, the plate still being
    // read) and appends the after-frame, the plate close-up and reading, and the clip once they exist.
    const eventId = crypto.randomUUID();
    await worker('/api/vision/events', {
      eventId,
      workerId: 'e2e-worker',
      cameraId: camera.id,
      ruleId: rule.id,
      kind: 'dwell',
      occurredAt: new Date(t0 + 2000).toISOString(),
      trackId: 9,
      objectClass: 'car',
      confidence: 0.91,
      bbox: box,
      dwellSeconds: 14.6,
      plate: null,
      plateStatus: 'pending',
      evidence: evidence.filter((v) => v.role === 'before' || v.role === 'during'),
      evidencePending: true,
    });

    const { page, screenshot } = await signedInPage(browser, 'leader');
    await page.goto(`/cameras/events/${eventId}`);
    await page.getByTestId('purpose-input').fill('核查应急车道违停，准备宣传素材');
    await page.getByTestId('purpose-submit').click();
    await page.getByTestId('evidence-page').waitFor();
    await page.getByTestId('evidence-pending').waitFor();
    await page.getByTestId('plate-reading').getByText('号牌识别中').waitFor();
    await expect.poll(() => page.getByTestId('evidence-frame').count()).toBe(2);
    // Subscribed to the evidence pushes once the live socket is open.
    await page.locator('[data-testid="evidence-pending"][data-live="open"]').waitFor();
    await page.waitForTimeout(500);
    const appended = await worker<{ stored: string[]; evidencePending: boolean }>(
      `/api/vision/events/${eventId}/evidence`,
      {
        workerId: 'e2e-worker',
        evidence: evidence.filter((v) => v.role !== 'before' && v.role !== 'during'),
        plate: '冀R5T731',
        plateStatus: 'read',
        complete: true,
      },
    );
    expect(appended).toMatchObject({ stored: ['after', 'plate', 'clip'], evidencePending: false });
    // The page updates live: the after-frame, the close-up, the plate and the clip appear without a reload.
    await page.getByTestId('plate-read').getByText('冀R5T731').waitFor();
    await expect.poll(() => page.getByTestId('evidence-frame').count()).toBe(3);
    await page.getByTestId('evidence-pending').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('[data-testid=evidence-plate] img').evaluate((i: HTMLImageElement) => i.naturalWidth))
      .toBe(240);
    // The clip is served as video/mp4 with ranges; the player reads its metadata (duration ≈ 2 s).
    await expect
      .poll(() => page.getByTestId('evidence-clip').evaluate((v: HTMLVideoElement) => Math.round(v.duration || 0)))
      .toBe(2);
    await page.getByTestId('event-handoff').getByText('已移交交通违法审核').waitFor();
    await page.getByTestId('open-traffic-review').waitFor();
    saveToDocs(await screenshot('cameras-evidence'), 'cameras-evidence.png');

    // A blurred export of this event, downloaded as a .zip.
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-purpose').fill('交通安全宣传：应急车道违停');
    saveToDocs(await screenshot('cameras-export'), 'cameras-export.png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-submit').click()]);
    expect(download.suggestedFilename()).toMatch(/^camera-evidence-public-.*\.zip$/);
    const zipPath = path.join(dir, 'export.zip');
    await download.saveAs(zipPath);
    expect(fs.readFileSync(zipPath).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');

    // The cameras review page points to the traffic queue for plate-read violations.
    await page.goto('/cameras/review');
    await page.getByTestId('handoff-banner').waitFor();
    saveToDocs(await screenshot('cameras-review'), 'cameras-review.png');

    // The stream stalls: the command board shows the camera offline, pushed live.
    const board = await signedInPage(browser, 'operator');
    await board.page.goto('/command');
    await board.page.getByTestId('tab-cameras').click();
    await board.page.getByTestId('camera-health').waitFor();
    await board.page.locator('[data-testid="live-status"][data-status="open"]').waitFor();
    await worker('/api/vision/heartbeat', {
      workerId: 'e2e-worker',
      cameras: [{ id: camera.id, status: 'offline', reason: 'stream_stalled' }],
    });
    await board.page
      .locator(`[data-testid=offline-camera][data-code="${camera.code}"]`)
      .getByText('视频流中断')
      .waitFor();
    saveToDocs(await board.screenshot('cameras-board-offline'), 'cameras-board-offline.png');
    await worker('/api/vision/heartbeat', { workerId: 'e2e-worker', cameras: [{ id: camera.id, status: 'online' }] });
    await board.page.locator(`[data-testid=offline-camera][data-code="${camera.code}"]`).waitFor({ state: 'detached' });
  });
});
