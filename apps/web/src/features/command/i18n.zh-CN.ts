/**
 * Strings the command room's later additions (alert history, auxiliaries,
 * the officers' order cards, the residents' jurisdiction map) need, in
 * Simplified Chinese. Included in app/i18n/zh-CN.ts as `commandRoom`;
 * i18n.en-US.ts must have the same keys.
 */
export const commandRoomZhCN = {
  forces: {
    auxiliaries: '辅警 {{count}}',
    auxiliary: '辅警',
  },
  alerts: {
    current: '待处理',
    history: '全部记录',
    kindAll: '全部类型',
    loadMore: '加载更早的预警',
    noMore: '没有更早的预警了',
    statusLabel: { open: '待处理', acknowledged: '已确认', closed: '已关闭' },
    new: '新',
    historyEmpty: '没有这类预警',
  },
  orders: {
    versionHint: '版本 {{version}}',
    noAddress: '未提供地址',
  },
  report: {
    outlineHint: '虚线为本所辖区，彩色区块为警务网格；点击地图标出位置。',
    outsideHint: '您标出的位置不在本所辖区内，警情仍会受理并移交相关单位。',
    gridAt: '所在网格：{{name}}',
  },
};
