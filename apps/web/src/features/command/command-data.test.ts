import type { AlertView, IncidentSummary, OrderView } from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import {
  byUrgency,
  categoryLabel,
  categoryMatches,
  countdown,
  currentDeadline,
  explain,
  formatSeconds,
  newIdempotencyKey,
  nextOrderStep,
  orderMilestones,
  summaryOf,
} from './command-data';

function incident(p: Partial<IncidentSummary>): IncidentSummary {
  return {
    id: 'i',
    number: 'JQ1',
    source: 'call_110',
    categoryCode: 'dispute.neighbour',
    priority: 'normal',
    status: 'new',
    summary: 's',
    address: null,
    location: null,
    gridId: null,
    gridCode: null,
    outsideJurisdiction: false,
    team: 'community',
    duplicateOf: null,
    reportedAt: '2026-11-28T00:00:00Z',
    createdAt: '2026-11-28T00:00:00Z',
    updatedAt: '2026-11-28T00:00:00Z',
    nextDeadline: null,
    breached: false,
    version: 1,
    ...p,
  };
}

function order(p: Partial<OrderView>): OrderView {
  return {
    id: 'o',
    incidentId: 'i',
    incidentNumber: 'JQ1',
    assigneeKind: 'person',
    assigneeLabel: '程欣',
    assigneePersonId: 'p',
    assigneeUnitId: null,
    assigneeTeam: null,
    agency: null,
    status: 'issued',
    priority: 'urgent',
    issuedAt: '2026-11-28T00:00:00Z',
    acknowledgedAt: null,
    enRouteAt: null,
    onSceneAt: null,
    resolvedAt: null,
    closedAt: null,
    ackDueAt: '2026-11-28T00:01:00Z',
    arriveDueAt: '2026-11-28T00:05:00Z',
    resolveDueAt: '2026-11-28T02:00:00Z',
    breaches: [],
    escalationLevel: 0,
    resultCode: null,
    note: null,
    version: 1,
    incidentSummary: 's',
    incidentAddress: null,
    ...p,
  };
}

describe('board ordering', () => {
  it('sorts by priority, then the nearest deadline, then the newest', () => {
    const list = [
      incident({ id: 'low', priority: 'low' }),
      incident({ id: 'late', nextDeadline: '2026-11-28T02:00:00Z' }),
      incident({ id: 'soon', nextDeadline: '2026-11-28T01:00:00Z' }),
      incident({ id: 'urgent', priority: 'urgent' }),
      incident({ id: 'newer', createdAt: '2026-11-28T05:00:00Z' }),
    ];
    expect(list.sort(byUrgency).map((i) => i.id)).toEqual(['urgent', 'soon', 'late', 'newer', 'low']);
  });
});

describe('countdowns', () => {
  it('counts down and marks the overdue', () => {
    const due = '2026-11-28T00:01:00Z';
    const at = (iso: string) => countdown(due, Date.parse(iso));
    expect(at('2026-11-28T00:00:00Z')).toEqual({ seconds: 60, overdue: false, text: '1:00' });
    expect(at('2026-11-28T00:00:59.500Z')).toEqual({ seconds: 1, overdue: false, text: '0:01' });
    expect(at('2026-11-28T00:01:05Z')).toEqual({ seconds: -5, overdue: true, text: '-0:05' });
  });

  it('formats long spans', () => {
    expect(formatSeconds(3725)).toBe('1:02:05');
    expect(formatSeconds(90_000)).toBe('1d 1h');
    expect(formatSeconds(-125)).toBe('-2:05');
  });
});

describe('orders', () => {
  it('moves one step at a time and stops at resolved', () => {
    expect(nextOrderStep('issued')).toBe('acknowledged');
    expect(nextOrderStep('acknowledged')).toBe('en_route');
    expect(nextOrderStep('en_route')).toBe('on_scene');
    expect(nextOrderStep('on_scene')).toBe('resolved');
    expect(nextOrderStep('resolved')).toBeNull();
    expect(nextOrderStep('cancelled')).toBeNull();
  });

  it('watches acknowledge, then arrival, then resolution', () => {
    expect(currentDeadline(order({}))).toEqual({ kind: 'ack', due: '2026-11-28T00:01:00Z' });
    expect(currentDeadline(order({ status: 'en_route' }))?.kind).toBe('arrive');
    expect(currentDeadline(order({ status: 'on_scene' }))?.kind).toBe('resolve');
    expect(currentDeadline(order({ status: 'resolved' }))).toBeNull();
    expect(orderMilestones(order({ acknowledgedAt: '2026-11-28T00:00:30Z' })).map((m) => Boolean(m.at))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('call-taking helpers', () => {
  const categories = new Map([
    ['dispute', { nameZh: '纠纷', nameEn: 'Dispute', parentCode: null }],
    ['dispute.neighbour', { nameZh: '邻里纠纷', nameEn: 'Neighbour dispute', parentCode: 'dispute' }],
  ]);

  it('labels and matches categories in both languages', () => {
    expect(categoryLabel('dispute.neighbour', categories, false, true)).toBe('纠纷 / 邻里纠纷');
    expect(categoryLabel('dispute.neighbour', categories, true)).toBe('Neighbour dispute');
    expect(categoryLabel('unknown', categories, false)).toBe('unknown');
    const c = { code: 'dispute.neighbour', nameZh: '邻里纠纷', nameEn: 'Neighbour dispute', parentCode: 'dispute' };
    expect(categoryMatches(c, { nameZh: '纠纷', nameEn: 'Dispute' }, '邻里')).toBe(true);
    expect(categoryMatches(c, { nameZh: '纠纷', nameEn: 'Dispute' }, 'NEIGH')).toBe(true);
    expect(categoryMatches(c, { nameZh: '纠纷', nameEn: 'Dispute' }, '纠纷')).toBe(true);
    expect(categoryMatches(c, undefined, '盗窃')).toBe(false);
  });

  it('takes the summary from the first sentence', () => {
    expect(summaryOf('楼上装修噪音太大。双方争吵', '邻里纠纷')).toBe('楼上装修噪音太大');
    expect(summaryOf('吵', '邻里纠纷')).toBe('邻里纠纷');
    expect(summaryOf('x'.repeat(80), 'c')).toHaveLength(60);
  });

  it('makes a fresh idempotency key per form', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^call-[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
    expect(newIdempotencyKey((b) => b.fill(255))).toBe(`call-${'ff'.repeat(16)}`);
  });
});

describe('alert explanations', () => {
  const base: Pick<AlertView, 'kind' | 'explanation'> = { kind: 'deadline_breach', explanation: {} };

  it('reads a missed deadline', () => {
    const e = explain({
      ...base,
      explanation: { kind: 'ack', dueAt: '2026-11-28T00:01:00Z', assignee: '程欣', escalationLevel: 1 },
    });
    expect(e).toEqual({
      type: 'breach',
      value: { kind: 'ack', dueAt: '2026-11-28T00:01:00Z', checkedAt: null, assignee: '程欣', escalationLevel: 1 },
    });
  });

  it('reads an early warning with its rule and incidents', () => {
    const e = explain({
      kind: 'early_warning',
      explanation: {
        rule: { name: 'Three disputes', kind: 'repeat_address', threshold: 3, windowDays: 30, categories: ['dispute'] },
        subject: '清溪花园18号院',
        count: 4,
        incidents: [{ id: 'a', number: 'JQ1', createdAt: 'x', summary: 's', address: null }, { bad: true }],
      },
    });
    expect(e.type).toBe('warning');
    if (e.type !== 'warning') return;
    expect(e.value.rule).toEqual({ name: 'Three disputes', kind: 'repeat_address', threshold: 3, windowDays: 30 });
    expect(e.value.categories).toEqual(['dispute']);
    expect(e.value.count).toBe(4);
    expect(e.value.incidents.map((i) => i.number)).toEqual(['JQ1']);
  });

  it('falls back for shapes it does not know', () => {
    expect(explain({ kind: 'early_warning', explanation: { rule: 'x' } })).toEqual({ type: 'other' });
    expect(explain({ kind: 'outside_jurisdiction', explanation: { address: 'a', point: [1, 2] } })).toEqual({
      type: 'outside',
      value: { address: 'a', point: [1, 2] },
    });
  });
});
