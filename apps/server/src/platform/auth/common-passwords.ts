/**
 * Passwords that appear at the top of public breach corpora (global and
 * Chinese: pinyin phrases, QQ-style digit runs). Checked case-insensitively
 * after stripping trailing digits and symbols, so `Password123!` is caught too.
 * Operators can add a larger list with FENGQIAO_PASSWORD_DENYLIST.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  '123456', '123456789', '12345678', '1234567890', '111111', '000000', '666666', '888888', '123123', '654321',
  '1qaz2wsx', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abc123', 'abcd1234', 'a123456', 'aa123456',
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'iloveyou', 'admin', 'administrator', 'root', 'welcome',
  'letmein', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'master', 'superman',
  'trustno1', 'shadow', 'michael', 'jennifer', 'charlie', 'login', 'starwars', 'whatever', 'qazwsx',
  'woaini', 'woaini1314', '5201314', '1314520', 'wodemima', 'mima', 'nihao', 'zhangwei', 'wangwei',
  'liwei', 'wang', 'zhang', 'li', 'liu', 'chen', 'huang', 'zhao', 'woaiwojia', 'aini1314', 'qq123456',
  'qwe123', 'qweasdzxc', 'asd123', 'zxc123', '1q2w3e4r', '1q2w3e', 'q1w2e3r4', 'a1b2c3', 'abcdef',
  'abcdefg', 'abcdefgh', 'computer', 'internet', 'changeme', 'default', 'secret', 'test', 'guest',
  'user', 'police', 'jingcha', 'gongan', 'paichusuo', 'fengqiao', 'china', 'zhongguo', 'beijing',
  'shanghai', 'hebei', 'bazhou', 'shengfang', 'baby', 'love', 'hello', 'hellokitty', 'killer',
  'freedom', 'ninja', 'mustang', 'access', 'flower', 'batman', 'pokemon', 'pass', 'passport', 'summer',
  'winter', 'spring', 'autumn', 'family', 'friend', 'lovely', 'forever', 'google', 'baidu', 'tencent',
  'weixin', 'wechat', 'taobao', 'alipay', 'xiaomi', 'huawei', 'apple', 'samsung', 'qazxsw', 'zaq12wsx',
  'xiaoming', 'xiaohong', 'laopo', 'laogong', 'baobao', 'tiantian', 'kuaile', 'xingfu', 'pingan',
];

/** Strips what people append to a weak base word: digits, symbols, a year. */
export function baseWord(password: string): string {
  return password
    .toLowerCase()
    .replace(/[\d!@#$%^&*()_+\-=.,?~]+$/, '')
    .replace(/^[\d!@#$%^&*()_+\-=.,?~]+/, '');
}
