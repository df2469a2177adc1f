/** Fixed keys for tests: templates are encrypted once and reused by every test file. */
export const TEST_KEYS = {
  dataKey: Buffer.alloc(32, 7),
  indexKey: Buffer.alloc(32, 9),
};

export const TEST_PASSWORD = 'Correct-Horse-42';
