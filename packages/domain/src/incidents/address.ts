/**
 * A key that makes two spellings of one address compare equal, for repeat-
 * address analysis: full-width to half-width, no spaces or punctuation,
 * Chinese numerals in house numbers to digits, trailing "附近/旁边" dropped.
 */
const CN_DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

export function addressKey(address: string): string {
  let s = address.normalize('NFKC').toLowerCase();
  s = s.replace(/[\s,，.。;；:：、()（）\-—_/#＃]/g, '');
  s = s.replace(/(附近|旁边|对面|门口|周边)$/u, '');
  s = s.replace(/[零〇一二三四五六七八九](?=[零〇一二三四五六七八九]*号)/gu, (c) => CN_DIGITS[c] ?? c);
  return s;
}

/** A ~100 m cell id for points without a usable address. */
export function cellKey(lng: number, lat: number, sizeDeg = 0.001): string {
  return `${Math.floor(lng / sizeDeg)}:${Math.floor(lat / sizeDeg)}`;
}
