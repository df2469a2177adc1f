import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, caller, caseBody, PNG, resident, upload } from './traffic.test-helper';

const DAY = 86_400_000;
const PHOTOS = ['front_side', 'rear_side', 'impact', 'surroundings'] as const;

function pdfText(bytes: Buffer): string | null {
  const file = path.join(os.tmpdir(), `fq-traffic-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch {
    return null;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe.skipIf(engineUnavailable)('minor-accident quick handling', () => {
  let t: TestApp;
  let a: Call & { cookie: string };
  let b: Call & { cookie: string };
  let officer: Call & { cookie: string };
  let point: [number, number];

  beforeAll(async () => {
    t = await startTestApp({ config: { sessionIdleMs: 60 * DAY, sessionAbsoluteMs: 60 * DAY } });
    a = await resident(t, '13912345601', '王建国');
    b = await resident(t, '13912345602', '李明');
    officer = caller(t, await loginAs(t, 'patrol_officer'));
    const g = await t.db.query<{ centroid_lng: number; centroid_lat: number }>(
      'SELECT centroid_lng, centroid_lat FROM grids ORDER BY code LIMIT 1',
    );
    point = [g.rows[0]?.centroid_lng ?? 0, g.rows[0]?.centroid_lat ?? 0];
  });
  afterAll(async () => t?.close());

  const count = async () =>
    Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM traffic_accident_cases')).rows[0]?.n);

  it('sends an accident that fails eligibility to the command room, once', async () => {
    const body = {
      clientId: crypto.randomUUID(),
      eligibility: {
        noInjuries: false,
        vehiclesMovable: true,
        bothInsured: true,
        validLicences: true,
        noDrinkOrDrugs: true,
      },
      lng: point[0],
      lat: point[1],
      address: '清溪镇迎宾大道',
      description: '乙车司机腿部受伤',
    };
    const r = await a('POST', '/api/citizen/traffic/eligibility', body);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ eligible: false, reasons: ['noInjuries'] });
    expect(r.body.incidentNumber).toBeTruthy();
    const inc = await t.db.query<{ category_code: string; priority: string }>(
      'SELECT category_code, priority FROM incidents WHERE id = $1',
      [r.body.incidentId],
    );
    expect(inc.rows[0]).toMatchObject({ category_code: 'traffic.minor_accident', priority: 'urgent' });
    const again = await a('POST', '/api/citizen/traffic/eligibility', body);
    expect(again.body.incidentId).toBe(r.body.incidentId);
    const ok = await a('POST', '/api/citizen/traffic/eligibility', {
      ...body,
      clientId: crypto.randomUUID(),
      eligibility: { ...body.eligibility, noInjuries: true },
    });
    expect(ok.body).toMatchObject({ eligible: true, incidentId: null });
  });

  it('refuses bad input with a reason and stores nothing', async () => {
    const before = await count();
    const ineligible = await a('POST', '/api/citizen/traffic/accidents', {
      ...caseBody(point, t.clock.now()),
      eligibility: {
        noInjuries: true,
        vehiclesMovable: true,
        bothInsured: false,
        validLicences: true,
        noDrinkOrDrugs: true,
      },
    });
    expect(ineligible.status).toBe(400);
    expect(ineligible.raw).toContain('ineligible');
    const plate = caseBody(point, t.clock.now());
    (plate.partyB as { plate: string }).plate = 'ABC12345';
    const badPlate = await a('POST', '/api/citizen/traffic/accidents', plate);
    expect(badPlate.status).toBe(400);
    expect(badPlate.body.fields).toEqual([
      expect.objectContaining({ path: 'body.partyB.plate', code: 'plate_format' }),
    ]);
    const lic = caseBody(point, t.clock.now());
    (lic.partyA as { licenceNo: string }).licenceNo = '130181198804120000';
    const badLicence = await a('POST', '/api/citizen/traffic/accidents', lic);
    expect(badLicence.status).toBe(400);
    expect((badLicence.body.fields as { path: string }[])[0]?.path).toBe('body.partyA.licenceNo');
    const future = await a('POST', '/api/citizen/traffic/accidents', {
      ...caseBody(point, t.clock.now()),
      occurredAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('walks a case from both phones to a signed agreement PDF, and queues both insurers', async () => {
    const body = caseBody(point, t.clock.now());
    const created = await a('POST', '/api/citizen/traffic/accidents', body);
    expect(created.status, created.raw).toBe(201);
    const c = created.body as {
      id: string;
      number: string;
      joinCode: string;
      missingPhotos: string[];
      parties: { plate: string; licenceMasked: string }[];
    };
    expect(c.number).toMatch(/^KC\d{8}\d{5}$/);
    expect(c.joinCode).toMatch(/^\d{6}$/);
    expect(c.missingPhotos).toEqual([...PHOTOS]);
    expect(c.parties[0]?.plate).toBe('冀RA1234');
    expect(c.parties[0]?.licenceMasked).toContain('*');
    expect((await a('POST', '/api/citizen/traffic/accidents', body)).status).toBe(200);

    // Not a party: the case does not exist for them.
    const stranger = await resident(t, '13912345609', '路人');
    expect((await stranger('GET', `/api/citizen/traffic/accidents/${c.id}`)).status).toBe(404);

    // A statement before the photos is refused.
    const early = await a('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, {
      liability: 'b_full',
      factsConfirmed: true,
    });
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('photos_missing');

    const pdfAsPhoto = await upload(
      t,
      a,
      `/api/citizen/traffic/accidents/${c.id}/photos?kind=impact`,
      Buffer.from('%PDF-1.4 x'),
      'x.pdf',
    );
    expect(pdfAsPhoto.status).toBe(400);
    expect(JSON.stringify(pdfAsPhoto.body)).toContain('file_type');
    const badKind = await upload(t, a, `/api/citizen/traffic/accidents/${c.id}/photos?kind=selfie`);
    expect(badKind.status).toBe(400);
    for (const kind of PHOTOS) {
      const r = await upload(t, a, `/api/citizen/traffic/accidents/${c.id}/photos?kind=${kind}`, PNG);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const afterPhotos = await a('GET', `/api/citizen/traffic/accidents/${c.id}`);
    expect(afterPhotos.body.missingPhotos).toEqual([]);
    expect((afterPhotos.body.photos as unknown[]).length).toBe(4);

    expect(
      (
        await a('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, {
          liability: 'b_full',
          factsConfirmed: true,
        })
      ).status,
    ).toBe(200);

    const wrong = await b('POST', '/api/citizen/traffic/join', { code: c.joinCode === '000000' ? '000001' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([expect.objectContaining({ code: 'join_code_wrong' })]);
    const malformed = await b('POST', '/api/citizen/traffic/join', { code: '12ab' });
    expect(malformed.body.fields).toEqual([expect.objectContaining({ code: 'join_code_format' })]);
    const own = await a('POST', '/api/citizen/traffic/join', { code: c.joinCode });
    expect(own.status).toBe(409);
    const joined = await b('POST', '/api/citizen/traffic/join', { code: c.joinCode });
    expect(joined.status, joined.raw).toBe(200);
    expect(joined.body).toMatchObject({ status: 'joined', me: 'b', joinCode: null, bJoined: true });
    // The code is spent.
    const stranger2 = await resident(t, '13912345610', '路人乙');
    expect((await stranger2('POST', '/api/citizen/traffic/join', { code: c.joinCode })).status).toBe(400);

    const agreed = await b('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, {
      liability: 'b_full',
      factsConfirmed: true,
    });
    expect(agreed.body.status).toBe('agreed');
    const mismatch = await a('POST', `/api/citizen/traffic/accidents/${c.id}/sign`, { signature: '王建' });
    expect(mismatch.body.fields).toEqual([expect.objectContaining({ code: 'signature_mismatch' })]);
    t.clock.advance(6 * 60_000);
    expect((await a('POST', `/api/citizen/traffic/accidents/${c.id}/sign`, { signature: '王建国' })).body.status).toBe(
      'agreed',
    );
    const done = await b('POST', `/api/citizen/traffic/accidents/${c.id}/sign`, { signature: '李明' });
    expect(done.status, done.raw).toBe(200);
    expect(done.body).toMatchObject({ status: 'documented', documentKind: 'agreement', liability: 'b_full' });
    expect(done.body.minutesToDocument).toBeGreaterThanOrEqual(6);

    const pdf = await t.app.inject({
      url: `/api/citizen/traffic/accidents/${c.id}/document`,
      headers: { cookie: b.cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    if (text !== null) {
      expect(text).toContain('自行协商协议书');
      expect(text).toContain('冀RB5678');
      expect(text).toContain('乙方负全部责任');
    }

    // Insurers: one delivery each, exported (no webhook configured) once the job runs.
    await t.platform.jobs.runDue();
    const deliveries = await officer('GET', '/api/traffic/accidents/insurer-deliveries');
    const mine = (deliveries.body as unknown as { caseNumber: string; insurer: string; status: string }[]).filter(
      (d) => d.caseNumber === c.number,
    );
    expect(mine.map((d) => d.insurer).sort()).toEqual(['中国人民财产保险', '中国平安财产保险'].sort());
    expect(mine.every((d) => d.status === 'exported')).toBe(true);

    const stats = await officer('GET', '/api/traffic/accidents/stats');
    expect(stats.body.agreements).toBeGreaterThanOrEqual(1);
    expect(stats.body.avgMinutesToDocument).toBeGreaterThanOrEqual(6);
  });

  it('sends a disputed case to an officer, who issues a liability determination', async () => {
    const created = await a('POST', '/api/citizen/traffic/accidents', caseBody(point, t.clock.now()));
    const c = created.body as { id: string; joinCode: string };
    for (const kind of PHOTOS) await upload(t, a, `/api/citizen/traffic/accidents/${c.id}/photos?kind=${kind}`);
    await a('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, { liability: 'b_full', factsConfirmed: true });
    await b('POST', '/api/citizen/traffic/join', { code: c.joinCode });
    const disputed = await b('POST', `/api/citizen/traffic/accidents/${c.id}/statement`, {
      liability: 'equal',
      factsConfirmed: true,
    });
    expect(disputed.body.status).toBe('review');
    expect((await b('POST', `/api/citizen/traffic/accidents/${c.id}/sign`, { signature: '李明' })).status).toBe(409);

    const queue = await officer('GET', '/api/traffic/accidents?status=review');
    const item = (queue.body as unknown as { id: string; version: number }[]).find((x) => x.id === c.id);
    expect(item).toBeTruthy();
    const photo = (disputed.body.photos as { id: string }[])[0];
    const img = await t.app.inject({
      url: `/api/traffic/accidents/${c.id}/photos/${photo?.id}`,
      headers: { cookie: officer.cookie },
    });
    expect(img.statusCode).toBe(200);
    const short = await officer('POST', `/api/traffic/accidents/${c.id}/determination`, {
      liability: 'b_main',
      text: '太短',
      version: item?.version,
    });
    expect(short.status).toBe(400);
    const det = await officer('POST', `/api/traffic/accidents/${c.id}/determination`, {
      liability: 'b_main',
      text: '经远程视频核查现场照片，乙车未与前车保持足以采取紧急制动措施的安全距离，甲车变道未开启转向灯。',
      version: item?.version,
    });
    expect(det.status, det.raw).toBe(200);
    expect(det.body).toMatchObject({ status: 'documented', documentKind: 'determination', liability: 'b_main' });
    const pdf = await t.app.inject({
      url: `/api/citizen/traffic/accidents/${c.id}/document`,
      headers: { cookie: a.cookie },
    });
    const text = pdfText(pdf.rawPayload);
    if (text !== null) expect(text).toContain('道路交通事故认定书');
    const again = await officer('POST', `/api/traffic/accidents/${c.id}/determination`, {
      liability: 'a_full',
      text: '重复提交的认定意见，应当被拒绝，因为案件已经结案。',
      version: item?.version,
    });
    expect(again.status).toBe(409);
  });
});
