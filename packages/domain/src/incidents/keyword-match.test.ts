import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentions } from './keyword-match';
import { type PriorityRule, suggestPriority } from './priority';

const INJURY: PriorityRule = {
  id: 'injury',
  name: '涉及刀枪或人员受伤',
  categoryPrefix: null,
  keywords: ['刀', '枪', '受伤', '流血', '伤亡', 'injured', 'knife'],
  sources: [],
  nightOnly: false,
  priority: 'urgent',
  sort: 10,
  active: true,
};
const suggest = (description: string) =>
  suggestPriority(
    { categoryCode: 'dispute.neighbour', categoryDefault: 'normal', description, source: 'call_110', hour: 12 },
    [INJURY],
  ).priority;

describe('negation-aware keyword matching', () => {
  it.each([
    '暂无人受伤',
    '没有人员伤亡',
    '无人受伤',
    '双方争吵，暂无人员受伤',
    '现场没有发现人员受伤',
    '报警人称未受伤',
    '没人受伤，也没有流血',
    '对方否认持刀',
    'No one injured, just shouting',
    'nobody was injured',
  ])('does not raise the priority for "%s"', (text) => {
    expect(suggest(text)).toBe('normal');
  });

  it.each([
    '有人受伤',
    '一人受伤流血',
    '无故殴打致人受伤',
    '无辜群众受伤',
    '骑车不慎摔倒受伤',
    '未成年人受伤',
    '不明原因受伤',
    '无人受伤，但有一人流血',
    '没有报警，邻居受伤了',
    'a man was injured',
    'he cannot walk, injured',
  ])('raises the priority for "%s"', (text) => {
    expect(suggest(text)).toBe('urgent');
  });

  it('matches case-insensitively and ignores empty keywords', () => {
    expect(mentions('Man with a KNIFE', 'knife')).toBe(true);
    expect(mentions('anything', '  ')).toBe(false);
  });

  const filler = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[无没未不非否暂尚并刀伤]/gu, ''));
  const keyword = fc.constantFrom('受伤', '流血', '伤亡', '刀');
  const negation = fc.constantFrom('暂无人', '没有人员', '无人', '没有', '未', '并无', '暂未发现人员');

  it('never fires on a clause that negates the only mention (property)', () => {
    fc.assert(
      fc.property(filler, negation, keyword, (before, neg, k) => {
        expect(mentions(`${before}，${neg}${k}`, k)).toBe(false);
      }),
    );
  });

  it('fires on a plain mention, and a negated clause elsewhere does not hide it (property)', () => {
    fc.assert(
      fc.property(filler, negation, keyword, keyword, (before, neg, k, other) => {
        expect(mentions(`${before}，有人${k}`, k)).toBe(true);
        expect(mentions(`${neg}${other}。${before}，有人${k}`, k)).toBe(true);
        expect(mentions(`${before}，有人${k}，${neg}${other}`, k)).toBe(true);
      }),
    );
  });
});
