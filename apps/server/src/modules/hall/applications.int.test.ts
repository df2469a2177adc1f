import { addCalendarDays, addWorkingDays, isWorkingDay, makeIdNumber, nextWorkingDay } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { ManualClock } from '../../platform/clock';
import { at, citizenCookie, serviceId, testPhone, upcomingWorkingDay } from './hall.test-helper';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const ID = makeIdNumber('131081', '1990-03-15', 57);

function multipart(bytes: Buffer, filename: string, type = 'application/octet-stream') {
  const boundary = `----fq${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.skipIf(engineUnavailable)('online applications: materials, review, correction, decision, deadlines', () => {
  let t: TestApp;
  let clerk: string;
  let citizen: string;
  let residence: string;
  const day0 = upcomingWorkingDay();
  const clock = new ManualClock(at(day0, '10:00'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    clerk = await loginAs(t, 'hall_clerk');
    citizen = await citizenCookie(t, testPhone(700), '孙八');
    residence = await serviceId(t, 'residence.permit');
    const rules = (await t.app.inject({ url: '/api/hall/rules', headers: { cookie: clerk } })).json();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/hall/rules',
      headers: { cookie: clerk },
      payload: { ...rules, uploads: { ...rules.uploads, maxBytes: 100_000 } },
    });
    expect(put.statusCode, put.body).toBe(200);
  });
  afterAll(async () => t?.close());

  const upload = async (bytes: Buffer, name = 'a.png') => {
    const m = multipart(bytes, name);
    return t.app.inject({
      method: 'POST',
      url: '/api/citizen/uploads',
      headers: { cookie: citizen, ...m.headers },
      payload: m.payload,
    });
  };
  const fileCount = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files')).rows[0]?.n ?? 0;
  const appCount = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hall_applications')).rows[0]?.n ?? 0;

  it('refuses uploads of the wrong type or size and stores nothing', async () => {
    const before = await fileCount();
    const text = await upload(Buffer.from('just some text, not a scan'), 'a.png');
    expect(text.statusCode).toBe(400);
    expect(text.json().fields[0]).toMatchObject({ path: 'body.file', code: 'file_type' });
    const justOver = await upload(Buffer.concat([PNG, Buffer.alloc(100_000 - PNG.length + 1)]));
    expect(justOver.json().fields[0]).toMatchObject({ path: 'body.file', code: 'file_too_large' });
    const huge = await upload(Buffer.concat([PNG, Buffer.alloc(400_000)]));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().fields[0]).toMatchObject({ path: 'body.file', code: 'file_too_large' });
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/uploads',
      headers: { cookie: citizen },
      payload: {},
    });
    expect(json.json().fields[0].code).toBe('multipart_required');
    expect(await fileCount()).toBe(before);
  });

  it('refuses an application missing a required material, storing nothing', async () => {
    const id = (await upload(PNG)).json().fileId;
    const before = await appCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/applications',
      headers: { cookie: citizen },
      payload: { serviceId: residence, name: '孙八', idNumber: ID, materials: [{ code: 'id_card', fileId: id }] },
    });
    expect(res.statusCode).toBe(400);
    const codes = res.json().fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`);
    expect(codes).toEqual([
      'body.materials.residence_proof:material_missing',
      'body.materials.employment_proof:material_missing',
    ]);
    const stranger = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/applications',
      headers: { cookie: await citizenCookie(t, testPhone(701)) },
      payload: { serviceId: residence, name: '某人', idNumber: ID, materials: [{ code: 'id_card', fileId: id }] },
    });
    expect(stranger.json().fields.map((f: { code: string }) => f.code)).toContain('file_unknown');
    expect(await appCount()).toBe(before);
  });

  it('goes through correction to approval, with the deadline in working days', async () => {
    const ids = [];
    for (const b of [PNG, PDF, PNG]) ids.push((await upload(b, 'x')).json().fileId);
    const submit = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/applications',
      headers: { cookie: citizen },
      payload: {
        serviceId: residence,
        name: '孙八',
        idNumber: ID,
        details: { address: '清溪镇胜利街8号' },
        materials: [
          { code: 'id_card', fileId: ids[0] },
          { code: 'residence_proof', fileId: ids[1] },
          { code: 'employment_proof', fileId: ids[2] },
        ],
      },
    });
    expect(submit.statusCode, submit.body).toBe(201);
    const app = submit.json();
    expect(app.status).toBe('submitted');
    expect(app.number).toMatch(/^SQ\d{8}\d{6}$/);
    expect(app.idNumber).toBe(`131081********${ID.slice(-4)}`);
    expect(app.dueDay).toBe(addWorkingDays(day0, 10));
    expect(app.workingDaysLeft).toBe(10);

    const list = (
      await t.app.inject({ url: '/api/hall/applications?status=submitted', headers: { cookie: clerk } })
    ).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(app.id);
    const detail = (await t.app.inject({ url: `/api/hall/applications/${app.id}`, headers: { cookie: clerk } })).json();
    const proof = detail.materials.find((m: { code: string }) => m.code === 'residence_proof');
    const file = await t.app.inject({ url: proof.files[0].url, headers: { cookie: clerk } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');

    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/hall/applications/${app.id}/accept`,
          headers: { cookie: clerk },
          payload: {},
        })
      ).json().status,
    ).toBe('in_review');
    clock.advance(3 * 86_400_000);
    clerk = await loginAs(t, 'hall_clerk');
    // A cold catalogue cache (it refreshes every 15 s): reading it must not touch the database inside the transaction.
    t.modules.hall.config.invalidate();
    const corr = await t.app.inject({
      method: 'POST',
      url: `/api/hall/applications/${app.id}/request-correction`,
      headers: { cookie: clerk },
      payload: { reason: '租赁合同未备案，请补充备案证明', materialCodes: ['residence_proof'] },
    });
    expect(corr.statusCode, corr.body).toBe(200);
    expect(corr.json()).toMatchObject({
      status: 'needs_correction',
      correctionMaterials: ['residence_proof'],
      workingDaysLeft: null,
    });

    const mine = (
      await t.app.inject({ url: `/api/citizen/applications/${app.id}`, headers: { cookie: citizen } })
    ).json();
    expect(mine.correctionReason).toContain('备案');
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/citizen/applications/${app.id}/resubmit`,
      headers: { cookie: citizen },
      payload: { materials: [] },
    });
    expect(missing.json().fields[0].code).toBe('material_missing');
    const fixedFile = (await upload(PDF, 'proof.pdf')).json().fileId;
    t.modules.hall.config.invalidate();
    const re = await t.app.inject({
      method: 'POST',
      url: `/api/citizen/applications/${app.id}/resubmit`,
      headers: { cookie: citizen },
      payload: { materials: [{ code: 'residence_proof', fileId: fixedFile }], note: '已补充' },
    });
    expect(re.statusCode, re.body).toBe(200);
    const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(re.json()).toMatchObject({ status: 'submitted', round: 2, dueDay: addWorkingDays(today, 10) });

    const reject = await t.app.inject({
      method: 'POST',
      url: `/api/hall/applications/${app.id}/reject`,
      headers: { cookie: clerk },
      payload: { reason: '' },
    });
    expect(reject.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/hall/applications/${app.id}/approve`,
      headers: { cookie: clerk },
      payload: { note: '材料齐全，准予办理', version: re.json().version },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const final = (
      await t.app.inject({ url: `/api/citizen/applications/${app.id}`, headers: { cookie: citizen } })
    ).json();
    expect(final.status).toBe('approved');
    expect(final.events.map((e: { kind: string }) => e.kind)).toEqual([
      'submitted',
      'accepted',
      'correction_requested',
      'resubmitted',
      'approved',
    ]);
    expect(final.materials.find((m: { code: string }) => m.code === 'residence_proof').files).toHaveLength(2);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/hall/applications/${app.id}/reject`,
      headers: { cookie: clerk },
      payload: { reason: '重复' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('reminds before the deadline and marks an undecided application overdue after it', async () => {
    const ids = [];
    for (const b of [PNG, PDF, PNG]) ids.push((await upload(b, 'y')).json().fileId);
    const app = (
      await t.app.inject({
        method: 'POST',
        url: '/api/citizen/applications',
        headers: { cookie: citizen },
        payload: {
          serviceId: residence,
          name: '孙八',
          idNumber: ID,
          materials: [
            { code: 'id_card', fileId: ids[0] },
            { code: 'residence_proof', fileId: ids[1] },
            { code: 'employment_proof', fileId: ids[2] },
          ],
        },
      })
    ).json();
    clock.set(at(app.dueDay, '23:00'));
    await t.platform.jobs.runDue();
    clock.set(new Date(at(app.dueDay, '00:00').getTime() + 86_400_000 + 60_000));
    await t.platform.jobs.runDue();
    clerk = await loginAs(t, 'hall_clerk');
    const dayAfter = (
      await t.app.inject({ url: `/api/hall/applications/${app.id}`, headers: { cookie: clerk } })
    ).json();
    expect(dayAfter.overdue).toBe(true);
    // Working days past the deadline: none yet if the day after it is a weekend or holiday, one on the next working day.
    expect(dayAfter.workingDaysLeft).toBe(isWorkingDay(addCalendarDays(app.dueDay, 1)) ? -1 : 0);
    clock.set(at(nextWorkingDay(app.dueDay), '10:00'));
    clerk = await loginAs(t, 'hall_clerk');
    const detail = (await t.app.inject({ url: `/api/hall/applications/${app.id}`, headers: { cookie: clerk } })).json();
    expect(detail.overdue).toBe(true);
    expect(detail.workingDaysLeft).toBe(-1);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'due_soon', 'overdue']);
    const overdue = (
      await t.app.inject({ url: '/api/hall/applications?overdue=true', headers: { cookie: clerk } })
    ).json();
    expect(overdue.items.map((x: { id: string }) => x.id)).toContain(app.id);
  });
});
