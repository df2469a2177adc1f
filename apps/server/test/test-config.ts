import { type Config, loadConfig } from '../src/platform/config';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', FENGQIAO_DEMO: 'off' }), ...overrides };
}
