/**
 * Chinese public holidays and the weekend days made working days (调休),
 * per year, as the State Council General Office announces them each
 * November (国务院办公厅关于某年部分节假日安排的通知).
 *
 * Sources:
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 12 Nov 2024),
 *   the first year under the revised 全国年节及纪念日放假办法 (one more day at the Spring
 *   Festival and at Labour Day).
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (published 4 Nov 2025).
 *
 * Each `off` range is inclusive and lists every day off, weekends inside it
 * included; `workdays` are the Saturdays and Sundays worked instead.
 * Transcribed by hand from the notices: check a new year against the
 * published notice before relying on it (docs/service-hall.md).
 */
export interface HolidayYear {
  year: number;
  /** Named closures: inclusive ISO date ranges. */
  off: readonly { name: string; nameZh: string; from: string; to: string }[];
  /** Weekend days that are working days (调休上班). */
  workdays: readonly string[];
  source: string;
}

export const CN_HOLIDAYS: readonly HolidayYear[] = [
  {
    year: 2025,
    source: '国办发明电〔2024〕12号',
    off: [
      { name: "New Year's Day", nameZh: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: 'Spring Festival', nameZh: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: 'Qingming Festival', nameZh: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: 'Labour Day', nameZh: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: 'Dragon Boat Festival', nameZh: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: 'National Day and Mid-Autumn Festival', nameZh: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)',
    off: [
      { name: "New Year's Day", nameZh: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: 'Spring Festival', nameZh: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: 'Qingming Festival', nameZh: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: 'Labour Day', nameZh: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: 'Dragon Boat Festival', nameZh: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: 'Mid-Autumn Festival', nameZh: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: 'National Day', nameZh: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
