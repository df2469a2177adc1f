/**
 * Word lists for the fictional town of Qingxi (清溪镇). Surname weights are
 * rough national shares in per mille, with a few North China surnames (霍, 边,
 * 苏, 崔, 郝) nudged up so the town reads like one in Hebei.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 73],
  ['李', 72],
  ['张', 68],
  ['刘', 54],
  ['陈', 45],
  ['杨', 31],
  ['赵', 28],
  ['黄', 18],
  ['周', 17],
  ['吴', 15],
  ['徐', 13],
  ['孙', 14],
  ['胡', 11],
  ['朱', 10],
  ['高', 12],
  ['林', 7],
  ['何', 8],
  ['郭', 11],
  ['马', 10],
  ['罗', 6],
  ['梁', 7],
  ['宋', 7],
  ['郑', 6],
  ['谢', 5],
  ['韩', 7],
  ['唐', 5],
  ['冯', 6],
  ['于', 6],
  ['董', 6],
  ['程', 4],
  ['曹', 5],
  ['袁', 4],
  ['许', 4],
  ['沈', 3],
  ['吕', 4],
  ['苏', 5],
  ['卢', 3],
  ['蒋', 3],
  ['蔡', 3],
  ['贾', 5],
  ['丁', 4],
  ['魏', 5],
  ['薛', 3],
  ['阎', 3],
  ['崔', 5],
  ['田', 5],
  ['孟', 4],
  ['郝', 4],
  ['霍', 3],
  ['边', 2],
  ['庞', 2],
  ['耿', 2],
  ['刁', 1],
  ['史', 3],
  ['任', 3],
];

export const GIVEN_CHARS_MALE: readonly string[] = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋峰建国志新海东亮晨博文斌振兴德永庆胜利福军红卫春',
];

export const GIVEN_CHARS_FEMALE: readonly string[] = [
  ...'芳娜敏静丽艳娟霞燕玲桂英秀兰红梅莉婷雪琳晶颖慧莹倩欣悦佳妍琪璐萍淑珍凤丹洁月岚蕾',
];

/** Urban residents' communities (社区), one per central grid. */
export const STREET_COMMUNITIES: readonly string[] = [
  '胜利街社区',
  '文化路社区',
  '新华社区',
  '建设路社区',
  '金桥社区',
  '芳华苑社区',
  '清溪花园社区',
  '康宁社区',
  '锦绣社区',
  '和平社区',
];

/** Administrative villages (村); the town has more names than it needs so the seed picks. */
export const VILLAGES: readonly string[] = [
  '东辛庄村',
  '西辛庄村',
  '王家口村',
  '李家营村',
  '张庄村',
  '崔庄子村',
  '南王庄村',
  '北王庄村',
  '大杨庄村',
  '小杨庄村',
  '刘家铺村',
  '马家坊村',
  '赵家堡村',
  '堤口村',
  '台山村',
  '红旗村',
  '前进村',
  '东堤村',
  '西堤村',
  '后河村',
  '前河村',
  '孟家庄村',
  '石沟村',
  '苏家桥村',
  '韩家口村',
  '高家庄村',
  '胡家房子村',
  '郭家营村',
  '姜家务村',
  '柳河村',
  '白塔村',
  '龙泉村',
  '三里庄村',
  '十里铺村',
  '霍家湾村',
  '边家屯村',
  '芦苇荡村',
  '荷花淀村',
  '杨柳青村',
  '新立村',
];

/** Main roads of the town centre; the first five name the urban grids. */
export const MAIN_ROADS: readonly string[] = ['胜利街', '文化路', '新华大街', '建设路', '金桥路', '工业大道'];

export const EXPRESSWAY = { name: '津清高速', routeCode: 'S57' } as const;
export const NATIONAL_ROAD = { name: '清霸线', routeCode: 'G335' } as const;

export const CHINESE_ORDINALS: readonly string[] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Trade names for enterprises; combined with an industry word they stay unique. */
export const ENTERPRISE_BRANDS: readonly string[] = [
  '华美',
  '金鼎',
  '鑫源',
  '宏达',
  '永盛',
  '盛世',
  '恒通',
  '嘉和',
  '兴业',
  '瑞丰',
  '福临',
  '德胜',
  '天成',
  '万隆',
  '华林',
  '明珠',
  '利民',
  '远航',
  '凯旋',
  '锦绣',
  '博雅',
  '雅居',
  '名匠',
  '尚品',
  '御景',
  '恒远',
  '佳美',
  '顺达',
  '通达',
  '金盛',
  '鸿运',
  '昌盛',
  '富源',
  '祥和',
  '正大',
  '中兴',
  '宏图',
  '新世纪',
  '东方',
  '北辰',
  '长城',
  '津港',
  '清源',
  '溪畔',
  '荣华',
  '隆昌',
  '汇丰',
  '聚鑫',
  '美林',
  '欧雅',
  '家和',
  '安居',
  '春晖',
  '金诚',
  '信达',
  '永泰',
  '鼎盛',
  '晶华',
  '亮晶',
  '钢宇',
];

export interface IndustrySpec {
  key: string;
  label: string;
  weight: number;
  words: readonly string[];
  /** Typical head count range; a few firms get a multiple of the top. */
  employees: readonly [number, number];
}

/** The article's town is known for furniture, glass and steel-wire goods; the rest is supporting trade. */
export const INDUSTRIES: readonly IndustrySpec[] = [
  {
    key: 'furniture',
    label: '家具制造',
    weight: 40,
    words: ['家具', '家居', '木业', '办公家具', '软体家具', '实木家具'],
    employees: [12, 260],
  },
  {
    key: 'glass',
    label: '玻璃制品',
    weight: 15,
    words: ['玻璃制品', '玻璃', '钢化玻璃', '工艺玻璃', '镜业'],
    employees: [10, 180],
  },
  {
    key: 'steel_wire',
    label: '钢丝及五金制品',
    weight: 18,
    words: ['金属制品', '五金制品', '钢丝制品', '丝网制品', '钢木制品'],
    employees: [8, 150],
  },
  { key: 'garment', label: '服装加工', weight: 8, words: ['服装', '服饰', '制衣'], employees: [15, 200] },
  { key: 'logistics', label: '物流运输', weight: 9, words: ['物流', '货运', '仓储物流'], employees: [6, 90] },
  { key: 'packaging', label: '包装印刷', weight: 6, words: ['包装材料', '印刷包装', '纸制品'], employees: [8, 80] },
  { key: 'food', label: '食品加工', weight: 4, words: ['食品', '粮油'], employees: [10, 120] },
];

/** Volunteer skills, weighted by how common they are among the town's volunteers. */
export const VOLUNTEER_SKILLS: readonly (readonly [string, number])[] = [
  ['巡逻', 5],
  ['急救', 3],
  ['驾驶', 3],
  ['消防', 2],
  ['法律', 1.5],
  ['调解', 1.5],
  ['心理疏导', 1],
  ['摄影', 1],
  ['电工', 1],
  ['无人机', 0.5],
  ['外语', 0.5],
];

export const VOLUNTEER_OCCUPATIONS: readonly (readonly [string, number])[] = [
  ['商户', 22],
  ['企业职工', 24],
  ['退役军人', 12],
  ['村民', 16],
  ['退休干部', 8],
  ['教师', 5],
  ['快递员', 4],
  ['出租车司机', 4],
  ['大学生', 5],
];

export const MEDIATION_CATEGORIES = [
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
export type MediationCategory = (typeof MEDIATION_CATEGORIES)[number];

/** Counties a resident of the town plausibly comes from: Bazhou first, then its neighbours. */
export const ID_REGIONS: readonly (readonly [string, number])[] = [
  ['131081', 85], // 霸州市
  ['131022', 3], // 固安县
  ['131023', 3], // 永清县
  ['131026', 4], // 文安县
  ['130638', 2], // 雄县
  ['120118', 2], // 天津市静海区
  ['120114', 1], // 天津市武清区
];

/** Mobile prefixes (first three digits) currently in use in Hebei. */
export const MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '195',
  '198',
  '199',
];
