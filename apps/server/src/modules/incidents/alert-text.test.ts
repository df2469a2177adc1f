import { describe, expect, it } from 'vitest';
import { alertExplanationText } from './alert-text';

describe('alert explanation text', () => {
  it('says who missed which deadline when, in China time, and an escalation', () => {
    const e = { kind: 'ack', dueAt: '2026-11-28T02:01:00.000Z', assignee: '张三', escalationLevel: 1 };
    expect(alertExplanationText('deadline_breach', e)).toBe('张三未在 10:01:00 前签收');
    expect(alertExplanationText('escalation', { ...e, kind: 'arrive', escalationLevel: 2 })).toBe(
      '张三未在 10:01:00 前到达现场；第 2 次超时，已升级至所领导',
    );
  });

  it('names the early-warning rule, its window and threshold, and the incidents', () => {
    const e = {
      rule: { name: '同一地址 30 天内 3 起纠纷', kind: 'repeat_address', threshold: 3, windowDays: 30 },
      subject: '建设路5号',
      count: 3,
      incidents: [{ number: 'JQ1' }, { number: 'JQ2' }, { number: 'JQ3' }],
    };
    expect(alertExplanationText('early_warning', e)).toBe(
      '规则“同一地址 30 天内 3 起纠纷”：同一地址建设路5号 30 天内 3 起（阈值 3 起）：JQ1、JQ2、JQ3',
    );
  });

  it('gives the place of a report outside the jurisdiction, and copes with missing details', () => {
    expect(alertExplanationText('outside_jurisdiction', { address: null, point: [116.5, 39.1] })).toBe(
      '报警位置（116.5, 39.1）不在本所任何网格内，请核实后移交',
    );
    expect(alertExplanationText('deadline_breach', {})).toBe('接令方未在 — 前完成');
    expect(alertExplanationText('something_else', {})).toBe('');
  });
});
