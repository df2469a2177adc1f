/**
 * The fixed vocabularies of people's mediation (人民调解). Categories follow
 * the people's-mediation statistical categories; the database seeds them as
 * configuration (names and activity editable), these codes are the keys.
 */
export const MEDIATION_CATEGORY_CODES = [
  'marriage_family',
  'neighbour',
  'housing_homestead',
  'contract',
  'production_business',
  'damages',
  'land_forest',
  'land_acquisition',
  'environment',
  'labour',
  'consumer',
  'medical',
  'road_traffic',
  'property_management',
  'other',
] as const;
export type MediationCategoryCode = (typeof MEDIATION_CATEGORY_CODES)[number];

/** Default Chinese and English names (the seeded configuration). */
export const MEDIATION_CATEGORY_NAMES: Readonly<Record<MediationCategoryCode, { zh: string; en: string }>> = {
  marriage_family: { zh: '婚姻家庭纠纷', en: 'Marriage and family' },
  neighbour: { zh: '邻里纠纷', en: 'Neighbours' },
  housing_homestead: { zh: '房屋宅基地纠纷', en: 'Housing and homestead' },
  contract: { zh: '合同纠纷', en: 'Contract' },
  production_business: { zh: '生产经营纠纷', en: 'Production and business' },
  damages: { zh: '损害赔偿纠纷', en: 'Damages' },
  land_forest: { zh: '山林土地纠纷', en: 'Land and forest' },
  land_acquisition: { zh: '征地拆迁纠纷', en: 'Land acquisition and demolition' },
  environment: { zh: '环境污染纠纷', en: 'Environment' },
  labour: { zh: '劳动争议纠纷', en: 'Labour' },
  consumer: { zh: '消费纠纷', en: 'Consumer' },
  medical: { zh: '医疗纠纷', en: 'Medical' },
  road_traffic: { zh: '道路交通事故纠纷', en: 'Road traffic accident' },
  property_management: { zh: '物业纠纷', en: 'Property management' },
  other: { zh: '其他纠纷', en: 'Other' },
};

/** Where a dispute came to the ledger from. */
export const DISPUTE_SOURCES = ['incident', 'walk_in', 'referral', 'online', 'screening'] as const;
export type DisputeSource = (typeof DISPUTE_SOURCES)[number];
export const DISPUTE_SOURCE_NAMES: Readonly<Record<DisputeSource, string>> = {
  incident: '警情转入',
  walk_in: '来访登记',
  referral: '部门移交',
  online: '网上自报',
  screening: '排查走访',
};

export const RISK_LEVELS = ['red', 'orange', 'yellow'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_NAMES: Readonly<Record<RiskLevel, string>> = { red: '红', orange: '橙', yellow: '黄' };

export const DISPUTE_LEVELS = [1, 2, 3] as const;
export type DisputeLevel = (typeof DISPUTE_LEVELS)[number];
export const LEVEL_NAMES: Readonly<Record<DisputeLevel, string>> = {
  1: '一级（社区警务室现场调解）',
  2: '二级（社区警务队调解）',
  3: '三级（镇调解中心联合调解）',
};
export const LEVEL_SHORT_NAMES: Readonly<Record<DisputeLevel, string>> = { 1: '一级', 2: '二级', 3: '三级' };
export const COMMERCIAL_TRACK_NAME = '商企调解';

export const DISPUTE_TRACKS = ['standard', 'commercial'] as const;
export type DisputeTrack = (typeof DISPUTE_TRACKS)[number];

export const DISPUTE_STATUSES = ['open', 'resolved', 'closed', 'failed', 'withdrawn'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const OUTCOMES = ['success', 'partial', 'failed', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_NAMES: Readonly<Record<Outcome, string>> = {
  success: '调解成功',
  partial: '部分成功',
  failed: '调解不成',
  withdrawn: '撤回',
};

/** What follows a failed mediation. */
export const NEXT_STEPS = ['litigation', 'arbitration', 'administrative'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];
export const NEXT_STEP_NAMES: Readonly<Record<NextStep, string>> = {
  litigation: '引导诉讼',
  arbitration: '申请仲裁',
  administrative: '行政处理',
};

export const MEDIATOR_KINDS = [
  'government',
  'judge',
  'lawyer',
  'village_cadre',
  'volunteer',
  'chamber_of_commerce',
  'trade_association',
] as const;
export type MediatorKind = (typeof MEDIATOR_KINDS)[number];
export const MEDIATOR_KIND_NAMES: Readonly<Record<MediatorKind, string>> = {
  government: '政府工作人员',
  judge: '法官',
  lawyer: '律师',
  village_cadre: '村街干部',
  volunteer: '社会志愿者',
  chamber_of_commerce: '商会骨干',
  trade_association: '行业协会代表',
};

export const FOLLOWUP_RESULTS = ['stable', 'relapse', 'unreachable'] as const;
export type FollowupResult = (typeof FOLLOWUP_RESULTS)[number];

/** Parties may apply for judicial confirmation within 30 days of the agreement taking effect (人民调解法 第33条). */
export const JUDICIAL_WINDOW_DAYS = 30;
