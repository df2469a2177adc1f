import type { commandRoomZhCN } from './i18n.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The command room additions' strings in English (same keys as i18n.zh-CN.ts). */
export const commandRoomEnUS: Widen<typeof commandRoomZhCN> = {
  forces: {
    auxiliaries: 'Auxiliaries {{count}}',
    auxiliary: 'Auxiliary',
  },
  alerts: {
    current: 'Open',
    history: 'All',
    kindAll: 'All kinds',
    loadMore: 'Load older alerts',
    noMore: 'No older alerts',
    statusLabel: { open: 'Open', acknowledged: 'Acknowledged', closed: 'Closed' },
    new: 'New',
    historyEmpty: 'No alerts of this kind',
  },
  orders: {
    versionHint: 'Version {{version}}',
    noAddress: 'No address given',
  },
  report: {
    outlineHint:
      'The dashed line is this station’s jurisdiction, the coloured areas its police grids; tap the map to mark the place.',
    outsideHint:
      'The place you marked is outside this station’s jurisdiction; your report is still taken and passed on.',
    gridAt: 'Grid: {{name}}',
  },
};
