import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, loginAs, startTestApp, type TestApp } from '../../../test/harness';
import type { LiveEvent } from '../../platform/realtime/event-bus';
import { type Call, caller, count, creditCode, disputeBody, idNumber, type Me, me } from './mediation.test-helper';

interface Detail {
  id: string;
  number: string;
  version: number;
  status: string;
  level: number;
  maxLevel: number;
  track: string;
  outcome: string | null;
  reopenedCount: number;
  parties: { id: string; name: string }[];
  assignments: { mediatorId: string; role: string; releasedAt: string | null }[];
  events: {
    kind: string;
    from: { level: number | null };
    to: { level: number | null; status: string | null };
    reason: string | null;
    version: number | null;
  }[];
  followups: { id: string; status: string; seq: number; dueAt: string }[];
  agreements: { id: string; number: string; terms: { id: string }[] }[];
  consultations: { meetingId: string; decision: string | null }[];
  actions: string[];
}

function pdftotext(pdf: Buffer): string | null {
  try {
    const file = path.join(os.tmpdir(), `agreement-${process.pid}-${Date.now()}.pdf`);
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    fs.rmSync(file, { force: true });
    return text;
  } catch {
    return null;
  }
}

/**
 * One dispute from a community officer's on-site record through escalation
 * to level 3, matching and assignment, a consultation meeting, a session,
 * an agreement and its PDF, the outcome, follow-up visits (one relapse) and
 * the indicators; with each refusal along the way changing nothing.
 */
describe.skipIf(engineUnavailable)(
  'mediation workflow: three levels, dispatch, meetings, agreements, follow-ups',
  () => {
    let t: TestApp;
    let officer: Call;
    let leader: Call;
    let officerMe: Me;
    let leaderMe: Me;
    let d: Detail;
    let lead: string;
    let member: string;
    let conflicted: string;
    const events: LiveEvent[] = [];
    beforeAll(async () => {
      t = await startTestApp();
      t.platform.bus.subscribe((e) => events.push(e));
      const officerCookie = await loginAs(t, 'community_officer');
      const leaderCookie = await loginAs(t, 'station_leader');
      officer = caller(t, officerCookie);
      leader = caller(t, leaderCookie);
      officerMe = await me(t, officerCookie);
      leaderMe = await me(t, leaderCookie);
    });
    afterAll(async () => t?.close());

    const reload = async () => {
      const r = await leader('GET', `/api/mediation/disputes/${d.id}`);
      expect(r.status, r.raw).toBe(200);
      d = r.body as unknown as Detail;
      return d;
    };
    /** Asserts a refusal with its status and code, and that the dispute's version did not move. */
    const refused = async (
      p: Promise<{ status: number; body: Record<string, unknown> }>,
      status: number,
      code?: string,
    ) => {
      const before = d.version;
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      if (code) expect((r.body.fields as { code: string }[] | undefined)?.map((f) => f.code)).toContain(code);
      expect((await reload()).version).toBe(before);
      return r;
    };

    it('records the on-site dispute at level 1 and refuses illegal transitions', async () => {
      const res = await officer('POST', '/api/mediation/disputes', {
        ...disputeBody(officerMe.gridIds[0] ?? '', { categoryCode: 'labour', amount: 12000, risk: 'orange' }),
        summary: '拖欠工资引发劳资纠纷',
        parties: [
          {
            kind: 'person',
            role: 'applicant',
            name: '韩建军',
            gender: 'M',
            idNumber: idNumber('1979-04-02'),
            phone: '13931234567',
          },
          {
            kind: 'enterprise',
            role: 'respondent',
            name: '清溪镇鑫达家具有限公司',
            creditCode: creditCode('MA0E1111'),
            legalRepresentative: '冯德胜',
          },
        ],
      });
      expect(res.status, res.raw).toBe(201);
      d = res.body as unknown as Detail;
      await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/transitions`, { command: 'deescalate', reason: '试图降级' }),
        409,
        'bottom_level',
      );
      await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/transitions`, { command: 'reopen', reason: '试图重开' }),
        409,
        'not_reopenable',
      );
      await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/outcome`, { outcome: 'success' }),
        409,
        'agreement_required',
      );
      await refused(officer('POST', `/api/mediation/disputes/${d.id}/outcome`, { outcome: 'failed' }), 400, 'custom');
      await refused(officer('POST', `/api/mediation/disputes/${d.id}/transitions`, { command: 'escalate' }), 400);
      await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/transitions`, {
          command: 'escalate',
          reason: '旧版本',
          version: d.version - 1,
        }),
        409,
      );
    });

    it('escalates one level at a time, with reasons on the timeline', async () => {
      const up1 = await officer('POST', `/api/mediation/disputes/${d.id}/transitions`, {
        command: 'escalate',
        reason: '现场调解未果，企业拒绝支付，提交社区警务队',
        version: d.version,
      });
      expect(up1.status, up1.raw).toBe(200);
      expect(up1.body.level).toBe(2);
      const up2 = await officer('POST', `/api/mediation/disputes/${d.id}/transitions`, {
        command: 'escalate',
        reason: '涉及金额较大，提请镇调解中心联合调解',
      });
      expect(up2.status).toBe(200);
      d = up2.body as unknown as Detail;
      expect([d.level, d.maxLevel]).toEqual([3, 3]);
      await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/transitions`, { command: 'escalate', reason: '再升' }),
        409,
        'top_level',
      );
      const moves = d.events.filter((e) => e.to.level !== null).map((e) => [e.from.level, e.to.level]);
      expect(moves).toEqual([
        [null, 1],
        [1, 2],
        [2, 3],
      ]);
      expect(d.events.find((e) => e.to.level === 3)?.reason).toBe('涉及金额较大，提请镇调解中心联合调解');
    });

    it('ranks mediators with reasons, never suggests a conflicted one, and refuses to assign them', async () => {
      // Declare a conflict: a pool mediator is related to the enterprise party.
      const pool = await leader('GET', '/api/mediation/mediators?specialty=labour&active=true');
      const candidates = pool.body as unknown as { id: string; levels: number[]; commercial: boolean }[];
      const atLevel3 = candidates.filter((m) => m.levels.includes(3));
      conflicted = atLevel3[0]?.id ?? '';
      const c = await leader('POST', `/api/mediation/mediators/${conflicted}/conflicts`, {
        subjectKind: 'enterprise',
        name: '清溪镇鑫达家具有限公司',
        creditCode: creditCode('MA0E1111'),
        relation: '曾任该企业法律顾问',
      });
      expect(c.status, c.raw).toBe(200);
      const s = await officer('GET', `/api/mediation/disputes/${d.id}/suggestions?limit=20`);
      expect(s.status, s.raw).toBe(200);
      const suggestions = s.body.suggestions as {
        mediator: { id: string };
        score: number;
        factors: { factor: string; points: number; note: string }[];
      }[];
      expect(suggestions.length).toBeGreaterThan(2);
      expect(suggestions.map((x) => x.mediator.id)).not.toContain(conflicted);
      const excluded = s.body.excluded as { mediator: { id: string }; reasons: string[]; notes: string[] }[];
      expect(excluded.find((x) => x.mediator.id === conflicted)).toMatchObject({
        reasons: expect.arrayContaining(['conflict_of_interest']),
        notes: expect.arrayContaining(['曾任该企业法律顾问: 清溪镇鑫达家具有限公司']),
      });
      for (const x of suggestions) {
        expect(x.factors.map((f) => f.factor)).toEqual([
          'specialty',
          'level',
          'locality',
          'load',
          'availability',
          'track_record',
        ]);
        expect(Math.abs(x.factors.reduce((a, f) => a + f.points, 0) - x.score)).toBeLessThan(0.11);
      }
      for (let i = 1; i < suggestions.length; i++)
        expect(suggestions[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(suggestions[i]?.score ?? 0);
      lead = suggestions[0]?.mediator.id ?? '';
      member = suggestions[1]?.mediator.id ?? '';

      const before = await count(t, 'dispute_assignments', 'dispute_id = $1', [d.id]);
      const bad = await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/assignments`, { mediatorIds: [lead, conflicted] }),
        409,
        'conflict_of_interest',
      );
      expect(String(bad.body.message)).toMatch(/conflict of interest/);
      expect(await count(t, 'dispute_assignments', 'dispute_id = $1', [d.id])).toBe(before);

      const ok = await officer('POST', `/api/mediation/disputes/${d.id}/assignments`, {
        mediatorIds: [lead, member],
        note: '联合调解',
      });
      expect(ok.status, ok.raw).toBe(200);
      d = ok.body as unknown as Detail;
      expect(d.assignments.filter((a) => !a.releasedAt).map((a) => [a.mediatorId, a.role])).toEqual([
        [lead, 'lead'],
        [member, 'member'],
      ]);
      // Each mediator is notified: an in-app record and a live event addressed to them.
      expect(
        await count(t, 'mediation_notifications', `person_id = $1 AND kind = 'dispute.assigned' AND dispute_id = $2`, [
          lead,
          d.id,
        ]),
      ).toBe(1);
      await new Promise((r) => setTimeout(r, 20));
      expect(events.some((e) => e.topic === 'mediation.notification' && e.scope.personIds?.includes(member))).toBe(
        true,
      );
      expect(
        events.some((e) => e.topic === 'disputes.changed' && (e.payload as { disputeId: string }).disputeId === d.id),
      ).toBe(true);
    });

    it('puts the level-3 dispute on the consultation agenda, records the decision on the dispute, and schedules the next meeting', async () => {
      const at = new Date(t.clock.now().getTime() + 2 * 3_600_000).toISOString();
      const m = await leader('POST', '/api/mediation/meetings', {
        title: '矛盾纠纷定期会商',
        scheduledAt: at,
        place: '清溪镇矛盾纠纷多元化解中心会议室',
        recurrence: 'weekly',
        attendeeIds: [lead, member, leaderMe.personId],
      });
      expect(m.status, m.raw).toBe(201);
      const meeting = m.body as { id: string; agenda: { dispute: { id: string }; reasons: string[] }[] };
      const item = meeting.agenda.find((x) => x.dispute.id === d.id);
      expect(item?.reasons).toContain('level3');
      // Every agenda item is an open level-3 or red dispute.
      const open = await t.db.query<{ id: string }>(
        `SELECT id FROM disputes WHERE status = 'open' AND (level = 3 OR risk = 'red')`,
      );
      expect(new Set(meeting.agenda.map((x) => x.dispute.id))).toEqual(new Set(open.rows.map((r) => r.id)));
      const att = await leader('POST', `/api/mediation/meetings/${meeting.id}/attendance`, {
        attendees: [
          { personId: lead, present: true },
          { personId: member, present: false },
        ],
      });
      expect(
        (att.body.attendees as { personId: string; present: boolean | null }[]).find((a) => a.personId === lead)
          ?.present,
      ).toBe(true);
      const dec = await leader('POST', `/api/mediation/meetings/${meeting.id}/decisions`, {
        disputeId: d.id,
        decision: '由主调律师牵头，邀请劳动监察参与，三日内组织双方面对面调解',
      });
      expect(dec.status, dec.raw).toBe(200);
      const closed = await leader('POST', `/api/mediation/meetings/${meeting.id}/close`, { minutes: '会商纪要：…' });
      expect(closed.body.status).toBe('held');
      const next = closed.body.nextMeetingId as string;
      expect(next).toBeTruthy();
      const nm = await leader('GET', `/api/mediation/meetings/${next}`);
      expect(new Date(String(nm.body.scheduledAt)).getTime() - new Date(at).getTime()).toBe(7 * 86_400_000);
      await reload();
      // Decided at this meeting, and already on the next one's agenda while it stays open at level 3.
      expect(d.consultations).toEqual([
        expect.objectContaining({
          meetingId: meeting.id,
          decision: '由主调律师牵头，邀请劳动监察参与，三日内组织双方面对面调解',
        }),
        expect.objectContaining({ meetingId: next, decision: null }),
      ]);
      expect(d.events.at(-1)?.kind).toBe('consultation.decision');
    });

    it('schedules a session with place and participants, then records it as held with minutes', async () => {
      const s = await officer('POST', `/api/mediation/disputes/${d.id}/sessions`, {
        scheduledAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
        mode: 'in_person',
        place: '清溪镇矛盾纠纷多元化解中心第二调解室',
        participants: [
          { kind: 'mediator', personId: lead, name: '主调' },
          { kind: 'party', partyId: d.parties[0]?.id, name: d.parties[0]?.name ?? '' },
        ],
      });
      expect(s.status, s.raw).toBe(201);
      expect(
        (
          await officer('POST', `/api/mediation/disputes/${d.id}/sessions`, {
            scheduledAt: new Date().toISOString(),
            mode: 'video',
          })
        ).status,
      ).toBe(400);
      const held = await officer('PATCH', `/api/mediation/sessions/${s.body.id}`, {
        status: 'held',
        minutes: '双方就工资数额达成一致意见。',
      });
      expect(held.status, held.raw).toBe(200);
      expect(held.body.status).toBe('held');
      expect((await officer('PATCH', `/api/mediation/sessions/${s.body.id}`, { status: 'cancelled' })).status).toBe(
        409,
      );
    });

    it('drafts the agreement and prints it as a PDF with embedded Chinese font and text', async () => {
      const a = await officer('POST', `/api/mediation/disputes/${d.id}/agreements`, {
        facts: '申请人韩建军在被申请人处从事喷漆工作，被申请人拖欠其2026年8月至10月工资共计12000元。',
        issues: '工资数额及支付期限',
        responsibilities: [{ partyId: d.parties[1]?.id, text: '未按时足额支付劳动报酬，应承担主要责任。' }],
        terms: [
          {
            text: '被申请人向申请人支付拖欠工资人民币一万一千元',
            obligorPartyId: d.parties[1]?.id,
            amount: 11000,
            dueOn: new Date(t.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10),
          },
          { text: '申请人收到款项后，双方就本纠纷再无其他争议' },
        ],
        performanceMethod: '以银行转账方式一次性支付',
      });
      expect(a.status, a.raw).toBe(201);
      expect(a.body.number).toMatch(/^清溪调字〔\d{4}〕第\d+号$/);
      expect((a.body.judicial as { status: string; daysLeft: number }).status).toBe('none');
      expect((a.body.judicial as { daysLeft: number }).daysLeft).toBe(30);
      const res = await t.app.inject({
        url: `/api/mediation/agreements/${a.body.id}/pdf`,
        headers: { cookie: await loginAs(t, 'community_officer') },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const latin = pdf.toString('latin1');
      expect(latin).toMatch(/\/FontFile2/);
      expect(latin).toMatch(/NotoSansSC/);
      // Subset CJK glyphs are written as glyph ids; the ToUnicode map keeps the text searchable and copyable.
      expect(latin).toMatch(/\/ToUnicode/);
      expect(latin).toMatch(/\/Encoding \/Identity-H/);
      expect(pdf.length).toBeLessThan(400_000);
      const text = pdftotext(pdf);
      if (text !== null) {
        const flat = text.replace(/\s+/g, '');
        for (const s of [
          '人民调解协议书',
          '韩建军',
          '清溪镇鑫达家具有限公司',
          '被申请人向申请人支付拖欠工资人民币一万一千元',
          '三十日内共同向人民法院申请司法确认',
          '人民调解员（签名）',
          '清溪镇人民调解委员会（印章）',
        ])
          expect(flat).toContain(s);
        expect(flat).not.toMatch(/\d{17}[\dX]/);
      }
      // Full identifiers only with pii.reveal and a reason.
      const mediatorCookie = await loginAs(t, 'mediator');
      expect(
        (
          await t.app.inject({
            url: `/api/mediation/agreements/${a.body.id}/pdf?full=true&reason=打印签字版`,
            headers: { cookie: mediatorCookie },
          })
        ).statusCode,
      ).toBe(404);
      const full = await t.app.inject({
        url: `/api/mediation/agreements/${a.body.id}/pdf?full=true&reason=打印签字版`,
        headers: { cookie: await loginAs(t, 'community_officer') },
      });
      expect(full.statusCode).toBe(200);
      const fullText = pdftotext(full.rawPayload);
      if (fullText !== null) expect(fullText.replace(/\s+/g, '')).toMatch(/\d{17}[\dX]/);
    });

    it('records the signed copy, judicial confirmation and performance of the terms', async () => {
      await reload();
      const agreement = d.agreements[0];
      expect(agreement).toBeDefined();
      const id = agreement?.id ?? '';
      const apply = (appliedOn: string) =>
        officer('POST', `/api/mediation/agreements/${id}/judicial`, {
          action: 'apply',
          court: '霸州市人民法院',
          appliedOn,
        });
      const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect((await apply(today)).status).toBe(409); // not signed yet
      const boundary = `----fq${Date.now()}`;
      const fake = Buffer.concat([
        Buffer.from('%PDF-1.4\n% signed scan\n'),
        Buffer.alloc(64, 32),
        Buffer.from('\n%%EOF\n'),
      ]);
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="signed.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        fake,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const cookie = await loginAs(t, 'community_officer');
      const up = await t.app.inject({
        method: 'POST',
        url: `/api/mediation/agreements/${id}/signed`,
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json().status).toBe('signed');
      const scan = await t.app.inject({ url: up.json().signedCopyUrl, headers: { cookie } });
      expect(scan.rawPayload.equals(fake)).toBe(true);
      const a1 = await apply(today);
      expect(a1.status, a1.raw).toBe(200);
      expect((a1.body.judicial as { status: string }).status).toBe('applied');
      const decided = await officer('POST', `/api/mediation/agreements/${id}/judicial`, {
        action: 'decide',
        decision: 'confirmed',
        decidedOn: today,
        caseNo: '（2026）冀1081民特123号',
      });
      expect((decided.body.judicial as { status: string }).status).toBe('confirmed');
      const terms = decided.body.terms as { id: string }[];
      const p1 = await officer('PATCH', `/api/mediation/agreements/${id}/terms/${terms[0]?.id}`, {
        status: 'performed',
      });
      expect(p1.body.performanceStatus).toBe('in_progress');
      const p2 = await officer('PATCH', `/api/mediation/agreements/${id}/terms/${terms[1]?.id}`, {
        status: 'performed',
      });
      expect(p2.body.performanceStatus).toBe('performed');
      await reload();
      expect(d.events.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['agreement.signed', 'judicial.applied', 'judicial.confirmed', 'agreement.performed']),
      );
    });

    it('records success, schedules follow-up visits as timers, reopens on a relapse and closes when visits find it settled', async () => {
      const ok = await officer('POST', `/api/mediation/disputes/${d.id}/outcome`, {
        outcome: 'success',
        note: '双方签订调解协议',
        version: d.version,
      });
      expect(ok.status, ok.raw).toBe(200);
      d = ok.body as unknown as Detail;
      expect([d.status, d.outcome]).toEqual(['resolved', 'success']);
      expect(d.followups.map((f) => f.status)).toEqual(['pending', 'pending']);
      expect(
        await count(
          t,
          'jobs',
          `kind = 'mediation.followup_due' AND status = 'pending' AND payload->>'followupId' = ANY($1::text[])`,
          [d.followups.map((f) => f.id)],
        ),
      ).toBe(2);
      // Deadline timers are gone with the outcome.
      expect(
        await count(t, 'jobs', `kind = 'mediation.deadline' AND status = 'pending' AND payload->>'disputeId' = $1`, [
          d.id,
        ]),
      ).toBe(0);
      await refused(
        officer('POST', `/api/mediation/disputes/${d.id}/transitions`, { command: 'escalate', reason: 'x 已办结' }),
        409,
        'not_open',
      );

      // The first visit falls due: the timer reminds the lead mediator and the officer.
      t.clock.advance(7 * 86_400_000 + 60_000);
      await t.platform.jobs.runDue();
      expect(
        await count(t, 'mediation_notifications', `kind = 'followup.due' AND dispute_id = $1`, [d.id]),
      ).toBeGreaterThanOrEqual(2);
      officer = caller(t, await loginAs(t, 'community_officer'));
      leader = caller(t, await loginAs(t, 'station_leader'));
      const due = await officer('GET', '/api/mediation/followups?status=pending');
      expect((due.body as unknown as { id: string }[]).map((f) => f.id)).toContain(d.followups[0]?.id);
      const relapse = await officer('POST', `/api/mediation/followups/${d.followups[0]?.id}`, {
        method: 'visit',
        result: 'relapse',
        note: '企业仅支付部分款项，申请人再次投诉',
      });
      expect(relapse.status, relapse.raw).toBe(200);
      await reload();
      expect([d.status, d.level, d.reopenedCount, d.outcome]).toEqual(['open', 3, 1, null]);
      expect(d.followups.map((f) => f.status)).toEqual(['done', 'cancelled']);
      expect(d.events.at(-1)?.to.status).toBe('open');
      expect(
        (await officer('POST', `/api/mediation/followups/${d.followups[1]?.id}`, { method: 'phone', result: 'stable' }))
          .status,
      ).toBe(409);

      const again = await officer('POST', `/api/mediation/disputes/${d.id}/outcome`, {
        outcome: 'success',
        note: '余款当场付清',
      });
      expect(again.status, again.raw).toBe(200);
      d = again.body as unknown as Detail;
      const pending = d.followups.filter((f) => f.status === 'pending');
      expect(pending.map((f) => f.seq)).toEqual([3, 4]);
      for (const f of pending) {
        const r = await officer('POST', `/api/mediation/followups/${f.id}`, { method: 'phone', result: 'stable' });
        expect(r.status, r.raw).toBe(200);
      }
      await reload();
      expect(d.status).toBe('closed');
      // The whole timeline replays: each state step starts where the previous ended.
      const steps = d.events.filter((e) => e.to.status !== null);
      for (let i = 1; i < steps.length; i++) {
        const prev = steps[i - 1];
        const cur = steps[i];
        if (cur?.from.level !== null) expect(cur?.from.level).toBe(prev?.to.level);
        expect(Math.abs((cur?.to.level ?? 0) - (prev?.to.level ?? 0))).toBeLessThanOrEqual(1);
      }
      const versions = d.events.map((e) => e.version);
      expect(versions).toEqual([...versions].sort((a, b) => (a ?? 0) - (b ?? 0)));
    });

    it('counts the dispute in the indicators of its grid and category', async () => {
      const from = new Date(t.clock.now().getTime() - 30 * 86_400_000).toISOString();
      const to = new Date(t.clock.now().getTime() + 60_000).toISOString();
      const r = await leader(
        'GET',
        `/api/mediation/indicators?from=${from}&to=${to}&gridId=${officerMe.gridIds[0]}&category=labour`,
      );
      expect(r.status, r.raw).toBe(200);
      const overall = r.body.overall as { decided: number; success: number; successRate: number };
      expect(overall.success).toBeGreaterThanOrEqual(1);
      const levels = r.body.levels as { level: number; handled: number; resolvedHere: number }[];
      expect(levels.find((l) => l.level === 3)?.resolvedHere).toBeGreaterThanOrEqual(1);
      expect((r.body.followups as { relapsed: number }).relapsed).toBeGreaterThanOrEqual(1);
      // The demo year lands near the article's figures.
      const year = await leader('GET', '/api/mediation/indicators');
      const y = year.body as {
        overall: { successRate: number; grassrootsShare: number };
        levels: { successRate: number }[];
      };
      expect(y.overall.successRate).toBeGreaterThan(0.96);
      expect(y.levels[0]?.successRate).toBeGreaterThan(0.8);
      expect(y.levels[1]?.successRate).toBeGreaterThan(0.87);
      expect(y.levels[2]?.successRate).toBeGreaterThan(0.85);
      expect(y.overall.grassrootsShare).toBeGreaterThan(0.9);
    });

    it('marks a dispute overdue when its deadline passes, and lapses an agreement’s judicial window', async () => {
      const res = await officer('POST', '/api/mediation/disputes', {
        ...disputeBody(officerMe.gridIds[0] ?? ''),
        risk: 'red',
      });
      const red = res.body as unknown as Detail;
      const a = await officer('POST', `/api/mediation/disputes/${red.id}/agreements`, {
        facts: '双方同意赔偿',
        terms: [{ text: '赔偿2000元', amount: 2000 }],
      });
      expect(a.status, a.raw).toBe(201);
      t.clock.advance(3 * 86_400_000 + 60_000);
      await t.platform.jobs.runDue();
      const events = await t.db.query<{ kind: string }>(
        'SELECT kind FROM dispute_events WHERE dispute_id = $1 ORDER BY id',
        [red.id],
      );
      expect(events.rows.map((e) => e.kind)).toEqual(expect.arrayContaining(['deadline.reminder', 'deadline.overdue']));
      expect(
        await count(t, 'mediation_notifications', `kind = 'deadline.overdue' AND dispute_id = $1`, [red.id]),
      ).toBeGreaterThanOrEqual(1);
      t.clock.advance(28 * 86_400_000);
      await t.platform.jobs.runDue();
      const lapsed = await t.db.query<{ judicial_status: string }>(
        'SELECT judicial_status FROM mediation_agreements WHERE id = $1',
        [a.body.id],
      );
      expect(lapsed.rows[0]?.judicial_status).toBe('lapsed');
    });
  },
);
