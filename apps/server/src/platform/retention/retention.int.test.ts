import { randomUUID } from 'node:crypto';
import { makeIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import { INCIDENT_RETENTION } from '../../modules/incidents';
import { storeFile } from '../files/files.service';
import { RETENTION_JOB } from './index';
import { RetentionService } from './retention.service';
import { ANONYMISED } from './retention.types';

const DAY = 86_400_000;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type Row = Record<string, unknown>;

/**
 * Every policy on the demo town: for each, one record whose period ended
 * five days ago and one with five days still to go. One sweep (the job's
 * passes run to the end), then each policy's record is checked: personal
 * fields and files gone, statistics kept, the young record untouched, and a
 * second sweep changes nothing.
 */
describe.skipIf(engineUnavailable)('retention: personal data past its purpose is anonymised', () => {
  let t: TestApp;
  let now: Date;
  const days = (id: string) => t.modules.retention.service.periodOf(id);
  const oldAt = (id: string) => new Date(now.getTime() - (days(id) + 5) * DAY);
  const youngAt = (id: string) => new Date(now.getTime() - (days(id) - 5) * DAY);
  const fx: Record<string, { old: string; young: string }> = {};
  const files: Record<string, { old: string; young: string }> = {};
  let first: Awaited<ReturnType<RetentionService['sweepAll']>>;

  const one = async (sql: string, params: unknown[] = []): Promise<Row> => {
    const r = await t.db.query<Row>(sql, params);
    const row = r.rows[0];
    if (!row) throw new Error(`no row: ${sql}`);
    return row;
  };
  const two = async (sql: string): Promise<[string, string]> => {
    const r = await t.db.query<{ id: string }>(sql);
    const [a, b] = r.rows;
    if (!a || !b) throw new Error(`demo town lacks rows for: ${sql}`);
    return [a.id, b.id];
  };
  const newFile = async (purpose: string): Promise<string> =>
    (
      await storeFile(t.db, PNG, {
        stationId: null,
        purpose,
        createdBy: null,
        allowed: ['image/png'],
        maxBytes: 1024,
        now,
      })
    ).id;
  const fileExists = async (id: string) =>
    (await t.db.query('SELECT 1 FROM files WHERE id = $1', [id])).rows.length > 0;

  // The demo town holds a year of patrol tracks and hall tickets; longer periods leave them out of this test.
  const overrides = { FENGQIAO_RETENTION_PATROL_TRACKS_DAYS: '400', FENGQIAO_RETENTION_HALL_APPOINTMENTS_DAYS: '400' };
  beforeAll(async () => {
    Object.assign(process.env, overrides);
    t = await startTestApp();
    now = t.clock.now();
    const phone = t.platform.pii.sealPhone('13912345678');
    const idNo = t.platform.pii.sealIdNumber(makeIdNumber('130181', '1990-03-07', 12));

    // incidents: closed three years and five days ago / three years less five days ago
    const [iOld, iYoung] = await two(
      `SELECT id FROM incidents WHERE status = 'closed' AND grid_id IS NOT NULL AND lng IS NOT NULL ORDER BY number LIMIT 2`,
    );
    fx['incidents.closed'] = { old: iOld, young: iYoung };
    files['incidents.closed'] = { old: await newFile('incident'), young: await newFile('incident') };
    for (const [id, at, file] of [
      [iOld, oldAt('incidents.closed'), files['incidents.closed'].old],
      [iYoung, youngAt('incidents.closed'), files['incidents.closed'].young],
    ] as const) {
      await t.db.query(
        `UPDATE incidents SET closed_at = $2, caller_name = '王小明', caller_phone_enc = $3, caller_phone_bidx = $4,
                caller_phone_masked = $5, description = '王小明说邻居吵闹', address = '清溪镇幸福路8号',
                persons = $6::jsonb, vehicles = '[{"plate":"冀R12345","kind":"car","colour":"white"}]'::jsonb
          WHERE id = $1`,
        [
          id,
          at,
          phone.enc,
          phone.bidx,
          phone.masked,
          JSON.stringify([{ role: 'witness', name: '李四', gender: 'M', idNumberEnc: idNo.enc, phoneEnc: phone.enc }]),
        ],
      );
      await t.db.query(
        'INSERT INTO incident_attachments (incident_id, file_id, added_by, added_at) VALUES ($1, $2, NULL, $3)',
        [id, file, now],
      );
    }

    // mediation: decided disputes
    const [dOld, dYoung] = await two(
      `SELECT d.id FROM disputes d WHERE d.status <> 'open' AND EXISTS (SELECT 1 FROM dispute_parties p WHERE p.dispute_id = d.id)
        ORDER BY d.number LIMIT 2`,
    );
    fx['mediation.decided'] = { old: dOld, young: dYoung };
    for (const [id, at] of [
      [dOld, oldAt('mediation.decided')],
      [dYoung, youngAt('mediation.decided')],
    ] as const) {
      await t.db.query(`UPDATE disputes SET closed_at = $2, facts = '张三欠李四五千元' WHERE id = $1`, [id, at]);
      await t.db.query(
        `UPDATE dispute_parties SET phone_enc = $2, phone_bidx = $3, phone_masked = $4, address = '幸福路8号' WHERE dispute_id = $1`,
        [id, phone.enc, phone.bidx, phone.masked],
      );
    }

    // hall: appointments and tickets, applications with materials, home visits, suggestions
    const [aOld, aYoung] = await two('SELECT id FROM hall_appointments ORDER BY number LIMIT 2');
    fx['hall.appointments'] = { old: aOld, young: aYoung };
    for (const [id, at] of [
      [aOld, oldAt('hall.appointments')],
      [aYoung, youngAt('hall.appointments')],
    ] as const) {
      await t.db.query(
        `UPDATE hall_appointments SET ends_at = $2, name = '赵六', id_number_enc = $3, id_number_masked = $4,
                id_number_bidx = 'retention-test-' || id::text WHERE id = $1`,
        [id, at, idNo.enc, idNo.masked],
      );
    }
    const [tOld, tYoung] = await two(`SELECT id FROM hall_tickets WHERE status = 'finished' ORDER BY id LIMIT 2`);
    fx['hall.tickets'] = { old: tOld, young: tYoung };
    await t.db.query(`UPDATE hall_tickets SET ticketed_at = $2, outcome_note = '赵六的材料' WHERE id = $1`, [
      tOld,
      oldAt('hall.appointments'),
    ]);
    await t.db.query(`UPDATE hall_tickets SET ticketed_at = $2, outcome_note = '赵六的材料' WHERE id = $1`, [
      tYoung,
      youngAt('hall.appointments'),
    ]);

    const [apOld, apYoung] = await two('SELECT id FROM hall_applications ORDER BY number LIMIT 2');
    fx['hall.applications'] = { old: apOld, young: apYoung };
    files['hall.applications'] = { old: await newFile('hall-material'), young: await newFile('hall-material') };
    for (const [id, at, file] of [
      [apOld, oldAt('hall.applications'), files['hall.applications'].old],
      [apYoung, youngAt('hall.applications'), files['hall.applications'].young],
    ] as const) {
      await t.db.query(
        `UPDATE hall_applications SET status = 'approved', decided_at = $2, details = '{"address":"幸福路8号"}'::jsonb
          WHERE id = $1`,
        [id, at],
      );
      await t.db.query(
        `INSERT INTO hall_uploads (file_id, citizen_id, uploaded_at, application_id)
         SELECT $2, citizen_id, $3, id FROM hall_applications WHERE id = $1`,
        [id, file, at],
      );
      await t.db.query(
        `INSERT INTO hall_application_materials (application_id, material_code, file_id, round, added_at)
         VALUES ($1, 'id_card', $2, 1, $3)`,
        [id, file, at],
      );
    }

    const [hOld, hYoung] = await two('SELECT id FROM hall_home_visits ORDER BY number LIMIT 2');
    fx['hall.home-visits'] = { old: hOld, young: hYoung };
    for (const [id, at] of [
      [hOld, oldAt('hall.home-visits')],
      [hYoung, youngAt('hall.home-visits')],
    ] as const) {
      await t.db.query(
        `UPDATE hall_home_visits SET status = 'done', done_at = $2, outcome_note = '已上门', address = '幸福路8号' WHERE id = $1`,
        [id, at],
      );
    }

    const [sOld, sYoung] = await two('SELECT id FROM hall_suggestions ORDER BY number LIMIT 2');
    fx['hall.suggestions'] = { old: sOld, young: sYoung };
    for (const [id, at] of [
      [sOld, oldAt('hall.suggestions')],
      [sYoung, youngAt('hall.suggestions')],
    ] as const) {
      await t.db.query(
        `UPDATE hall_suggestions SET status = 'done', done_at = $2, submitter_name = '钱七',
                citizen_id = (SELECT id FROM citizens ORDER BY id LIMIT 1) WHERE id = $1`,
        [id, at],
      );
    }

    // citizens: accounts unused for the whole period; sign-in codes
    const [cOld, cYoung] = await two('SELECT id FROM citizens ORDER BY id DESC LIMIT 2');
    fx['citizens.inactive'] = { old: cOld, young: cYoung };
    for (const [id, at] of [
      [cOld, oldAt('citizens.inactive')],
      [cYoung, youngAt('citizens.inactive')],
    ] as const) {
      await t.db.query(`UPDATE citizens SET created_at = $2, last_sign_in_at = $2, name = '孙八' WHERE id = $1`, [
        id,
        at,
      ]);
      await t.db.query('UPDATE citizen_sessions SET created_at = $2, last_seen_at = $2 WHERE citizen_id = $1', [
        id,
        at,
      ]);
      await t.db.query(
        `INSERT INTO citizen_sessions (id, citizen_id, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $3, $4, '10.0.0.8', 'Phone')`,
        [randomUUID(), id, at, new Date(now.getTime() + DAY)],
      );
    }
    const codes: string[] = [];
    for (const at of [oldAt('citizens.sign-in'), youngAt('citizens.sign-in')]) {
      const r = await one(
        `INSERT INTO citizen_codes (phone_bidx, code_hash, ip, created_at, expires_at)
         VALUES ($1, 'h', '10.0.0.9', $2, $2) RETURNING id`,
        [phone.bidx, at],
      );
      codes.push(r.id as string);
    }
    fx['citizens.sign-in'] = { old: codes[0] as string, young: codes[1] as string };

    // volunteers: finished duties with a track and a photo; exited volunteers
    const [vOld, vYoung] = await two(`SELECT id FROM patrol_duties WHERE status = 'checked_out' ORDER BY id LIMIT 2`);
    fx['volunteers.tracks'] = { old: vOld, young: vYoung };
    files['volunteers.tracks'] = { old: await newFile('duty-photo'), young: await newFile('duty-photo') };
    for (const [id, at, file] of [
      [vOld, oldAt('volunteers.tracks'), files['volunteers.tracks'].old],
      [vYoung, youngAt('volunteers.tracks'), files['volunteers.tracks'].young],
    ] as const) {
      await t.db.query(
        `UPDATE patrol_duties SET check_out_at = $2, check_in_lng = 117.1, check_in_lat = 38.1 WHERE id = $1`,
        [id, at],
      );
      await t.db.query(
        `INSERT INTO patrol_points (duty_id, recorded_at, received_at, lng, lat) VALUES ($1, $2, $2, 117.1, 38.1)
         ON CONFLICT DO NOTHING`,
        [id, at],
      );
      await t.db.query('INSERT INTO duty_photos (duty_id, file_id, created_at) VALUES ($1, $2, $3)', [id, file, at]);
    }

    const [pOld, pYoung] = await two(
      `SELECT v.person_id AS id FROM volunteer_profiles v JOIN persons p ON p.id = v.person_id
        WHERE p.kind = 'volunteer' ORDER BY v.person_id LIMIT 2`,
    );
    fx['volunteers.exited'] = { old: pOld, young: pYoung };
    for (const [id, at] of [
      [pOld, oldAt('volunteers.exited')],
      [pYoung, youngAt('volunteers.exited')],
    ] as const) {
      await t.db.query(`UPDATE volunteer_profiles SET status = 'exited', status_changed_at = $2 WHERE person_id = $1`, [
        id,
        at,
      ]);
      await t.db.query(
        `UPDATE persons SET phone_enc = $2, phone_bidx = $3, phone_masked = $4, name = '周九' WHERE id = $1`,
        [id, phone.enc, phone.bidx, phone.masked],
      );
    }

    // traffic: documented quick-handling cases with photos and the issued PDF
    const station = await one('SELECT id FROM stations ORDER BY code LIMIT 1');
    const grid = await one('SELECT id FROM grids WHERE station_id = $1 ORDER BY code LIMIT 1', [station.id]);
    const citizen = await one('SELECT id FROM citizens ORDER BY id LIMIT 1');
    const cases: string[] = [];
    files['traffic.accidents'] = { old: await newFile('accident-photo'), young: await newFile('accident-photo') };
    for (const [at, file] of [
      [oldAt('traffic.accidents'), files['traffic.accidents'].old],
      [youngAt('traffic.accidents'), files['traffic.accidents'].young],
    ] as const) {
      const r = await one(
        `INSERT INTO traffic_accident_cases (station_id, number, client_id, status, eligibility, occurred_at, lng, lat, address,
           grid_id, weather, accident_type, description, a_citizen_id, parties, a_signature, liability, document_kind,
           document_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'documented', '{}'::jsonb, $4, 117.123456, 38.123456, '幸福路口', $5, 'clear', 'rear_end',
           '追尾', $6, $7::jsonb, '吴十', 'a_full', 'agreement', $4, $4, $4) RETURNING id`,
        [
          station.id,
          `RT-${randomUUID().slice(0, 8)}`,
          randomUUID(),
          at,
          grid.id,
          citizen.id,
          JSON.stringify([
            {
              role: 'a',
              name: '吴十',
              licenceEnc: idNo.enc,
              licenceMasked: idNo.masked,
              plate: '冀R12345',
              vehicleType: 'car',
              insurer: 'PICC',
              policyNo: 'P-1',
            },
          ]),
        ],
      );
      cases.push(r.id as string);
      await t.db.query(
        `INSERT INTO traffic_accident_photos (case_id, kind, file_id, party, uploaded_at) VALUES ($1, 'impact', $2, 'a', $3)`,
        [r.id, file, at],
      );
    }
    fx['traffic.accidents'] = { old: cases[0] as string, young: cases[1] as string };

    // identity: finished staff sessions and login attempts
    const user = await one(`SELECT id FROM app_users WHERE username = 'clerk'`);
    const sessions: string[] = [];
    for (const at of [oldAt('identity.sign-in'), youngAt('identity.sign-in')]) {
      const id = randomUUID();
      await t.db.query(
        `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent, ended_at, end_reason)
         VALUES ($1, $2, $3, $3, $3, '10.1.1.1', 'Browser', $3, 'logout')`,
        [id, user.id, at],
      );
      sessions.push(id);
    }
    fx['identity.sign-in'] = { old: sessions[0] as string, young: sessions[1] as string };

    first = await t.modules.retention.service.sweepAll();
  });
  afterAll(async () => {
    for (const k of Object.keys(overrides)) delete process.env[k];
    await t?.close();
  });

  const rowOf = (table: string, id: string, key = 'id') => one(`SELECT * FROM ${table} WHERE ${key} = $1`, [id]);
  const countOf = (first: Awaited<ReturnType<RetentionService['sweepAll']>>, id: string) =>
    first.find((r) => r.id === id);

  it('closed incidents lose caller, persons, plates, free text, exact place and attachments; statistics stay', async () => {
    const { old, young } = fx['incidents.closed'] ?? { old: '', young: '' };
    const o = await rowOf('incidents', old);
    expect(o).toMatchObject({
      caller_name: null,
      caller_phone_enc: null,
      caller_phone_bidx: null,
      caller_phone_masked: null,
      summary: ANONYMISED,
      description: '',
      address: null,
      address_key: null,
    });
    expect(o.persons).toEqual([
      expect.objectContaining({ role: 'witness', gender: 'M', name: null, idNumberEnc: null }),
    ]);
    expect(o.vehicles).toEqual([{ kind: 'car', colour: 'white' }]);
    const grid = await one('SELECT centroid_lng, centroid_lat FROM grids WHERE id = $1', [o.grid_id]);
    expect([o.lng, o.lat]).toEqual([grid.centroid_lng, grid.centroid_lat]);
    expect(o.category_code).toBeTruthy();
    expect(o.closed_at).toEqual(oldAt('incidents.closed'));
    expect(o.anonymised_at).not.toBeNull();
    expect(await fileExists(files['incidents.closed']?.old ?? '')).toBe(false);
    const y = await rowOf('incidents', young);
    expect(y).toMatchObject({ caller_name: '王小明', caller_phone_bidx: expect.any(String), anonymised_at: null });
    expect(await fileExists(files['incidents.closed']?.young ?? '')).toBe(true);
    expect(countOf(first, 'incidents.closed')?.files).toBeGreaterThanOrEqual(1);
  });

  it('decided disputes lose the parties and the case text; outcome and grid stay', async () => {
    const { old, young } = fx['mediation.decided'] ?? { old: '', young: '' };
    const o = await rowOf('disputes', old);
    expect(o).toMatchObject({ summary: ANONYMISED, facts: '', party_names: '', place: null });
    expect(o.outcome).not.toBeNull();
    const parties = await t.db.query<Row>('SELECT * FROM dispute_parties WHERE dispute_id = $1', [old]);
    for (const p of parties.rows)
      expect(p).toMatchObject({
        name: ANONYMISED,
        id_number_enc: null,
        id_number_bidx: null,
        phone_enc: null,
        phone_bidx: null,
        address: null,
      });
    const y = await t.db.query<Row>('SELECT phone_bidx, address FROM dispute_parties WHERE dispute_id = $1', [young]);
    expect(y.rows.every((p) => p.phone_bidx !== null && p.address === '幸福路8号')).toBe(true);
    expect((await rowOf('disputes', young)).facts).toBe('张三欠李四五千元');
  });

  it('hall appointments, tickets, applications (with materials), home visits and suggestions', async () => {
    const ap = fx['hall.appointments'] ?? { old: '', young: '' };
    expect(await rowOf('hall_appointments', ap.old)).toMatchObject({
      name: ANONYMISED,
      id_number_enc: null,
      id_number_bidx: null,
    });
    expect(await rowOf('hall_appointments', ap.young)).toMatchObject({ name: '赵六', anonymised_at: null });
    const tk = fx['hall.tickets'] ?? { old: '', young: '' };
    const to = await rowOf('hall_tickets', tk.old);
    expect(to).toMatchObject({ citizen_id: null, public_token: null, outcome_note: ANONYMISED, status: 'finished' });
    expect(to.finished_at).not.toBeNull();
    expect((await rowOf('hall_tickets', tk.young)).outcome_note).toBe('赵六的材料');

    const app = fx['hall.applications'] ?? { old: '', young: '' };
    expect(await rowOf('hall_applications', app.old)).toMatchObject({
      applicant_name: ANONYMISED,
      id_number_enc: null,
      id_number_bidx: null,
      details: {},
      status: 'approved',
    });
    expect(await fileExists(files['hall.applications']?.old ?? '')).toBe(false);
    expect(await fileExists(files['hall.applications']?.young ?? '')).toBe(true);
    expect((await rowOf('hall_applications', app.young)).details).toEqual({ address: '幸福路8号' });

    const hv = fx['hall.home-visits'] ?? { old: '', young: '' };
    expect(await rowOf('hall_home_visits', hv.old)).toMatchObject({
      person_name: ANONYMISED,
      phone_enc: null,
      phone_bidx: null,
      address: ANONYMISED,
      outcome_note: ANONYMISED,
      status: 'done',
    });
    expect((await rowOf('hall_home_visits', hv.young)).address).toBe('幸福路8号');

    const sg = fx['hall.suggestions'] ?? { old: '', young: '' };
    const so = await rowOf('hall_suggestions', sg.old);
    expect(so).toMatchObject({ submitter_name: null, citizen_id: null, status: 'done' });
    expect(so.content).toBeTruthy();
    expect((await rowOf('hall_suggestions', sg.young)).submitter_name).toBe('钱七');
  });

  it('resident accounts unused for the period keep nothing identifying; old sign-in codes go', async () => {
    const c = fx['citizens.inactive'] ?? { old: '', young: '' };
    const o = await rowOf('citizens', c.old);
    expect(o).toMatchObject({
      phone_enc: null,
      phone_bidx: `anonymised:${c.old}`,
      phone_masked: ANONYMISED,
      name: null,
    });
    const s = await t.db.query<Row>('SELECT ip, user_agent, ended_at FROM citizen_sessions WHERE citizen_id = $1', [
      c.old,
    ]);
    expect(s.rows.every((x) => x.ip === null && x.user_agent === null && x.ended_at !== null)).toBe(true);
    const y = await rowOf('citizens', c.young);
    expect(y).toMatchObject({ name: '孙八', anonymised_at: null });
    expect(y.phone_enc).not.toBeNull();
    const codes = fx['citizens.sign-in'] ?? { old: '', young: '' };
    expect((await t.db.query('SELECT 1 FROM citizen_codes WHERE id = $1', [codes.old])).rows.length).toBe(0);
    expect((await t.db.query('SELECT 1 FROM citizen_codes WHERE id = $1', [codes.young])).rows.length).toBe(1);
  });

  it('patrol tracks and photos go, hours stay; exited volunteers lose their identifiers', async () => {
    const d = fx['volunteers.tracks'] ?? { old: '', young: '' };
    const o = await rowOf('patrol_duties', d.old);
    expect(o).toMatchObject({ check_in_lng: null, check_in_lat: null, status: 'checked_out' });
    expect(o.check_out_at).toEqual(oldAt('volunteers.tracks'));
    const points = (id: string) => t.db.query('SELECT 1 FROM patrol_points WHERE duty_id = $1', [id]);
    expect((await points(d.old)).rows.length).toBe(0);
    expect((await points(d.young)).rows.length).toBeGreaterThan(0);
    expect(await fileExists(files['volunteers.tracks']?.old ?? '')).toBe(false);
    expect(await fileExists(files['volunteers.tracks']?.young ?? '')).toBe(true);
    expect((await rowOf('patrol_duties', d.young)).check_in_lng).toBe(117.1);

    const v = fx['volunteers.exited'] ?? { old: '', young: '' };
    expect(await rowOf('persons', v.old)).toMatchObject({
      name: ANONYMISED,
      phone_enc: null,
      phone_bidx: null,
      id_number_enc: null,
      kind: 'volunteer',
    });
    expect(await rowOf('persons', v.young)).toMatchObject({ name: '周九', phone_masked: expect.any(String) });
  });

  it('quick-handling accident cases lose parties, photos and the document; statistics stay', async () => {
    const c = fx['traffic.accidents'] ?? { old: '', young: '' };
    const o = await rowOf('traffic_accident_cases', c.old);
    expect(o).toMatchObject({
      a_signature: null,
      description: '',
      address: ANONYMISED,
      liability: 'a_full',
      accident_type: 'rear_end',
      weather: 'clear',
    });
    expect(o.parties).toEqual([
      {
        role: 'a',
        name: ANONYMISED,
        licenceEnc: '',
        licenceMasked: ANONYMISED,
        plate: ANONYMISED,
        vehicleType: 'car',
        insurer: 'PICC',
        policyNo: ANONYMISED,
      },
    ]);
    expect(o.lng).not.toBe(117.123456);
    expect(await fileExists(files['traffic.accidents']?.old ?? '')).toBe(false);
    expect(await fileExists(files['traffic.accidents']?.young ?? '')).toBe(true);
    const y = await rowOf('traffic_accident_cases', c.young);
    expect(y).toMatchObject({ a_signature: '吴十', anonymised_at: null });
  });

  it('finished staff sessions older than the period are deleted', async () => {
    const s = fx['identity.sign-in'] ?? { old: '', young: '' };
    expect((await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [s.old])).rows.length).toBe(0);
    expect((await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [s.young])).rows.length).toBe(1);
  });

  it('audits each policy that changed something as the system, with counts and no personal data', async () => {
    const r = await t.db.query<{ resource_id: string; actor_id: string | null; actor_name: string; details: Row }>(
      `SELECT resource_id, actor_id, actor_name, details FROM audit_log WHERE action = 'retention.anonymise' ORDER BY id`,
    );
    const ids = new Set(r.rows.map((x) => x.resource_id));
    for (const id of Object.keys(fx).filter((k) => k !== 'hall.tickets')) expect(ids).toContain(id);
    for (const row of r.rows) {
      expect(row).toMatchObject({ actor_id: null, actor_name: 'system' });
      expect(Object.keys(row.details).sort()).toEqual(['cutoff', 'files', 'periodDays', 'rows']);
    }
    expect(JSON.stringify(r.rows)).not.toMatch(/王小明|赵六|13912345678/);
  });

  it('a second sweep changes nothing and writes no audit entry', async () => {
    const before = await one(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.anonymise'`);
    const snapshot = await rowOf('incidents', fx['incidents.closed']?.old ?? '');
    const again = await t.modules.retention.service.sweepAll();
    expect(again.filter((r) => r.rows > 0 || r.files > 0 || r.error)).toEqual([]);
    const after = await one(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.anonymise'`);
    expect(after.n).toBe(before.n);
    expect(await rowOf('incidents', fx['incidents.closed']?.old ?? '')).toEqual(snapshot);
  });

  it('works in bounded batches: a full batch asks for another pass', async () => {
    // Close a backlog of incidents long ago, then sweep them 10 at a time.
    await t.db.query(
      `UPDATE incidents SET closed_at = $1 WHERE id IN (
         SELECT id FROM incidents WHERE anonymised_at IS NULL AND status = 'closed' ORDER BY number LIMIT 25)`,
      [oldAt('incidents.closed')],
    );
    const small = new RetentionService(t.platform, INCIDENT_RETENTION, [], {
      days: new Map([['incidents.closed', days('incidents.closed')]]),
      auditDays: null,
      batchSize: 10,
    });
    const passes: number[] = [];
    for (;;) {
      const { more, results } = await t.db.tx((tx) => small.pass(tx, t.clock.now()));
      passes.push(results[0]?.rows ?? -1);
      if (!more) break;
    }
    expect(passes.slice(0, 2)).toEqual([10, 10]);
    expect(passes.every((n) => n <= 10)).toBe(true);
    expect(passes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(25);
  });

  it('runs as a recurring job and shows every policy to the auditor, not to a clerk', async () => {
    const def = t.platform.jobs.definitions().find((d) => d.id === RETENTION_JOB);
    expect(def?.everyMs).toBe(6 * 3_600_000);
    await t.platform.jobs.enqueue(t.db, RETENTION_JOB, {});
    await t.platform.jobs.runDue(50);
    const job = await one(`SELECT status FROM jobs WHERE kind = $1 ORDER BY id DESC LIMIT 1`, [RETENTION_JOB]);
    expect(['done', 'pending']).toContain(job.status);
    const done = await one(`SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND status = 'done'`, [RETENTION_JOB]);
    expect(done.n).toBeGreaterThanOrEqual(1);

    const auditor = await loginAs(t, 'auditor');
    const res = await t.app.inject({ url: '/api/retention', headers: { cookie: auditor } });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Row[] }>().items;
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('incidents.closed')).toMatchObject({
      kind: 'anonymise',
      days: 1095,
      lastRunAt: expect.any(String),
    });
    expect((byId.get('incidents.closed')?.totalRows as number) ?? 0).toBeGreaterThanOrEqual(1);
    expect(byId.get('cameras.evidence')).toMatchObject({ kind: 'external', days: 180 });
    expect(byId.get('audit.log')).toMatchObject({ kind: 'keep', minDays: 180, guarded: true });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(
      /fengqiao_retention_anonymised\{[^}]*policy="incidents.closed"[^}]*kind="rows"[^}]*\} [1-9]/,
    );
    expect(metrics.body).toMatch(/fengqiao_retention_last_run_seconds\{[^}]*policy="traffic.accidents"[^}]*\} \d/);
    const clerk = await loginAs(t, 'hall_clerk');
    expect((await t.app.inject({ url: '/api/retention', headers: { cookie: clerk } })).statusCode).toBe(403);
  });
});
