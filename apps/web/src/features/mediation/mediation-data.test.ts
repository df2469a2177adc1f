import { scoreMediator } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../app/i18n/zh-CN';
import {
  activeFilterCount,
  cleanFilter,
  deadlineInfo,
  exclusionNotes,
  exportPercent,
  FACTORS,
  factorNote,
  formatRate,
  importProblemsFromFields,
  LEDGER_COLUMNS,
  ledgerStateFromParams,
  onLeave,
  paramsFromLedgerState,
  problemRows,
  splitList,
  weekdayRuns,
} from './mediation-data';

describe('the ledger state in the address bar', () => {
  it('reads filters, view, sort and page, dropping malformed values', () => {
    const s = ledgerStateFromParams(
      new URLSearchParams(
        'view=overdue&status=open,resolved&risk=red&track=bogus&source=walk_in&sort=due_asc&page=3&pageSize=50&q=%20TJ1%20',
      ),
    );
    expect(s.filter).toEqual({ view: 'overdue', status: 'open,resolved', risk: 'red', source: 'walk_in', q: 'TJ1' });
    expect(s.sort).toBe('due_asc');
    expect(s.page).toBe(3);
    expect(s.pageSize).toBe(50);
  });

  it('round-trips and leaves defaults out of the link', () => {
    const s = ledgerStateFromParams(new URLSearchParams('level=2,3&gridId=abc&view=all'));
    expect(s.filter).toEqual({ level: '2,3', gridId: 'abc' });
    expect(paramsFromLedgerState(s).toString()).toBe('level=2%2C3&gridId=abc');
    expect(paramsFromLedgerState({ filter: {}, sort: 'registered_desc', page: 1, pageSize: 20 }).toString()).toBe('');
    expect(ledgerStateFromParams(new URLSearchParams('page=-4&pageSize=9999')).page).toBe(1);
    expect(ledgerStateFromParams(new URLSearchParams('pageSize=9999')).pageSize).toBe(200);
  });

  it('splits multi-values and cleans what a saved view stores', () => {
    expect(splitList(' red, ,orange ')).toEqual(['red', 'orange']);
    expect(splitList(undefined)).toEqual([]);
    expect(cleanFilter({ status: '', risk: 'red', view: 'all', q: '  ' })).toEqual({ risk: 'red' });
    expect(activeFilterCount({ risk: 'red', view: 'mine', level: '1' })).toBe(2);
  });
});

describe('deadlines', () => {
  const now = Date.parse('2026-11-28T08:00:00Z');
  it('counts down and marks the at-risk window', () => {
    const d = deadlineInfo('2026-11-30T10:30:00Z', now);
    expect(d).toMatchObject({ overdue: false, days: 2, hours: 2, minutes: 30, soon: false });
    expect(deadlineInfo('2026-11-29T08:00:00Z', now).soon).toBe(true);
  });
  it('counts how long past an overdue deadline', () => {
    expect(deadlineInfo('2026-11-28T05:15:00Z', now)).toMatchObject({ overdue: true, days: 0, hours: 2, minutes: 45 });
  });
});

describe('the matching explanation', () => {
  it('understands every note the domain writes', () => {
    const dispute = {
      categoryCode: 'neighbour',
      level: 2 as const,
      track: 'standard' as const,
      gridId: 'g1',
      place: '建设路社区5号楼',
      on: '2026-11-28',
      parties: [],
    };
    const base = {
      id: 'm1',
      name: '甲',
      kind: 'lawyer',
      specialties: ['neighbour'],
      levels: [1, 2],
      commercial: false,
      gridIds: ['g1'],
      villages: ['建设路社区'],
      maxLoad: 6,
      load: 2,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      unavailable: [],
      active: true,
      succeeded: 9,
      decided: 10,
      conflicts: [],
      alreadyAssigned: false,
    };
    const variants = [
      base,
      { ...base, specialties: [], levels: [3], villages: [], gridIds: [], weekdays: [] },
      { ...base, levels: [], villages: [], weekdays: [1], unavailable: [{ from: '2026-11-28', to: '2026-11-28' }] },
    ];
    for (const c of variants) {
      for (const f of scoreMediator(dispute, c).factors) {
        expect(FACTORS).toContain(f.factor);
        expect(factorNote(f.factor, f.note), `${f.factor}: ${f.note}`).not.toBeNull();
      }
    }
    const studio = scoreMediator({ ...dispute, track: 'commercial' }, { ...base, commercial: true });
    expect(factorNote('level', studio.factors[1]?.note ?? '')).toEqual({ key: 'levelStudio' });
    expect(factorNote('specialty', 'specialises in neighbour')).toEqual({
      key: 'specialtyYes',
      params: { category: 'neighbour' },
    });
    expect(factorNote('locality', 'knows 建设路社区')).toEqual({
      key: 'localVillage',
      params: { village: '建设路社区' },
    });
    expect(factorNote('load', 'something new')).toBeNull();
  });

  it('has a dictionary entry for every explanation', () => {
    const keys = Object.keys(zhCN.mediation.matching.notes);
    for (const k of [
      'specialtyYes',
      'specialtyNo',
      'levelStudio',
      'levelNotStudio',
      'levelServes',
      'levelAdjacent',
      'levelOther',
      'notLocal',
      'localGrid',
      'localVillage',
      'load',
      'availableOn',
      'availableFrom',
      'unavailable',
      'trackRecord',
    ])
      expect(keys).toContain(k);
  });

  it('picks the conflicts and the load out of exclusion notes', () => {
    expect(exclusionNotes(['亲属: 王某', '6 of 6 open cases', 'not active in the pool'])).toEqual({
      conflicts: ['亲属: 王某'],
      load: { load: '6', max: '6' },
    });
  });
});

describe('import problems', () => {
  it('reads the sheet row and column from the refused import', () => {
    const problems = importProblemsFromFields([
      { path: 'file.rows.5.纠纷类型', code: 'unknown_category', message: '第5行 纠纷类型：未知的纠纷类型“吵架”' },
      { path: 'file.rows.5.当事人/身份证号码 / 统一社会信用代码', code: 'identifier_invalid', message: '第5行 …：x' },
      { path: 'file.rows.7.登记日期', code: 'date', message: '第7行 登记日期：不是有效日期' },
      { path: 'file', code: 'ledger_layout', message: 'not a ledger' },
    ]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [5, '纠纷类型'],
      [5, '当事人/身份证号码 / 统一社会信用代码'],
      [7, '登记日期'],
      [null, null],
    ]);
    expect(problems[0]?.message).toBe('未知的纠纷类型“吵架”');
    expect(problemRows(problems)).toBe(2);
  });

  it('translates every ledger column and the codes the server uses', () => {
    const columns = zhCN.mediation.import.columns as Record<string, string>;
    for (const id of Object.values(LEDGER_COLUMNS)) expect(columns[id], id).toBeTruthy();
    const codes = zhCN.mediation.import.codes as Record<string, string>;
    for (const code of ['date', 'unknown_category', 'identifier_invalid', 'unknown_mediator', 'duplicate', 'masked'])
      expect(codes[code], code).toBeTruthy();
  });
});

describe('numbers', () => {
  it('formats rates and export progress', () => {
    expect(formatRate(0.98154)).toBe('98.2%');
    expect(formatRate(null)).toBe('—');
    expect(exportPercent(0.999, 'running')).toBe(99);
    expect(exportPercent(0.2, 'done')).toBe(100);
    expect(exportPercent(0.456, 'running')).toBe(45);
  });

  it('groups weekdays into runs and finds leave', () => {
    expect(weekdayRuns([5, 1, 2, 3, 4])).toEqual([[1, 2, 3, 4, 5]]);
    expect(weekdayRuns([1, 3, 5])).toEqual([[1], [3], [5]]);
    expect(onLeave([{ from: '2026-11-27', to: '2026-11-29' }], '2026-11-28')).toBe(true);
    expect(onLeave([{ from: '2026-11-27', to: '2026-11-29' }], '2026-11-30')).toBe(false);
  });
});
