import type { BoardView } from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import { alertFromPush, pushedExplanation, withPushedAlert } from './alert-live';

const push = {
  alertId: 'a1',
  kind: 'deadline_breach',
  severity: 'critical',
  title: 'JQ1 张三 超时未签收',
  incidentId: 'i1',
  incidentNumber: 'JQ20261128000001',
  explanation: { kind: 'ack', dueAt: '2026-11-28T02:01:00Z', assignee: '张三', escalationLevel: 1 },
  explanationText: '张三未在 10:01:00 前签收',
  targetPersonId: 'p1',
  createdAt: '2026-11-28T02:01:05Z',
};
const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;

describe('pushed alerts', () => {
  it('become an open alert with their number and explanation', () => {
    expect(alertFromPush(push)).toMatchObject({
      id: 'a1',
      status: 'open',
      incidentNumber: 'JQ20261128000001',
      explanation: push.explanation,
    });
  });

  it('join the board once, in front', () => {
    const board = { alerts: [{ ...alertFromPush(push), id: 'older' }] } as unknown as BoardView;
    const once = withPushedAlert(board, alertFromPush(push));
    expect(once.alerts.map((a) => a.id)).toEqual(['a1', 'older']);
    expect(withPushedAlert(once, alertFromPush(push))).toBe(once);
  });

  it('are explained in the UI language from their details, or in the server’s words for an unknown shape', () => {
    expect(pushedExplanation(alertFromPush(push), push.explanationText, t)).toMatch(/^alerts\.breachExplain.*张三/);
    const odd = alertFromPush({ ...push, explanation: { something: 'else' } });
    expect(pushedExplanation(odd, push.explanationText, t)).toBe(push.explanationText);
  });
});
