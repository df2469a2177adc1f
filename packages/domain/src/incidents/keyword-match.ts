/**
 * Keyword matching for priority rules that ignores negated mentions: a caller
 * saying "暂无人受伤" or "没有人员伤亡" reports that nobody is hurt, so the
 * injury rule must not fire, while "有人受伤" or "无故殴打致人受伤" must.
 *
 * A mention is negated when a negation cue stands before it in the same
 * clause with at most MAX_GAP characters (or Latin words) in between. Clauses
 * end at punctuation and at contrastive words ("但", "but"), so "无人受伤，但有人
 * 流血" still mentions bleeding. Words that merely start with a negation
 * character ("无辜", "不慎", "未成年", "不明") are not cues.
 */

/** Longest first, so "暂无" is found before "无". */
const CUES_ZH = [
  '暂未发现',
  '未发现',
  '没发现',
  '暂时没有',
  '暂时无',
  '并没有',
  '还没有',
  '没有',
  '暂无',
  '并无',
  '并未',
  '尚无',
  '尚未',
  '未见',
  '否认',
  '没人',
  '无人',
  '没',
  '无',
  '未',
  '不',
];
const CUES_EN = ['no one', 'nobody', 'without', 'not', 'no', 'none', 'never', "isn't", "wasn't", "aren't", "weren't"];

/** Words beginning with a negation character that do not negate what follows. */
const NOT_CUES = [
  '无故',
  '无辜',
  '无端',
  '无证',
  '无牌',
  '无照',
  '无业',
  '无名',
  '无理',
  '无良',
  '无数',
  '无法',
  '未成年',
  '未知',
  '未婚',
  '不明',
  '不慎',
  '不断',
  '不停',
  '不少',
  '不止',
  '不知',
  '不法',
  '不轨',
  '不良',
  '不到',
];

const CLAUSE_BREAK = /[，,。.;；!！?？\n\r、:：]|但是|但|可是|不过|然而|\bbut\b|\bhowever\b/giu;
const MAX_GAP = 4;
/** However the gap is counted, look no further back than this (bounds the work on long texts). */
const MAX_LOOKBACK = 40;

/** Where the clause holding `index` starts. */
function clauseStart(text: string, index: number): number {
  let start = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m && m.index < index; m = CLAUSE_BREAK.exec(text)) {
    start = m.index + m[0].length;
  }
  return start;
}

/** Distance from a cue to the keyword: CJK characters and Latin words between them. */
function gapOf(between: string): number {
  const cjk = between.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = between.match(/[a-z0-9']+/gi)?.length ?? 0;
  return cjk + words;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[a-z0-9']/i.test(c);
}

/** True when the mention of a keyword starting at `index` in `text` (lower-cased) is negated. */
function negatedAt(text: string, index: number): boolean {
  const clause = text.slice(clauseStart(text, index), index);
  for (let end = clause.length; end >= 0; end--) {
    const before = clause.slice(0, end);
    if (clause.length - end > MAX_LOOKBACK || gapOf(clause.slice(end)) > MAX_GAP) return false;
    for (const cue of CUES_ZH) {
      if (!before.endsWith(cue)) continue;
      const at = before.length - cue.length;
      const rest = clause.slice(at) + text.slice(index);
      if (NOT_CUES.some((w) => rest.startsWith(w))) continue;
      return true;
    }
    for (const cue of CUES_EN) {
      if (!before.endsWith(cue)) continue;
      const at = before.length - cue.length;
      // Whole words only: "no" in "know" or "not" in "notice" is no negation.
      if (isWordChar(before[at - 1]) || isWordChar(clause[end])) continue;
      return true;
    }
  }
  return false;
}

/** Whether `text` mentions `keyword` at least once without negating it (case-insensitive). */
export function mentions(text: string, keyword: string): boolean {
  const k = keyword.trim().toLowerCase();
  if (!k) return false;
  const t = text.toLowerCase();
  for (let i = t.indexOf(k); i !== -1; i = t.indexOf(k, i + 1)) {
    if (!negatedAt(t, i)) return true;
  }
  return false;
}
