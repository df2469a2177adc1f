import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { loadRetentionConfig } from './retention.config';
import { defineRetention } from './retention.types';

const policy = defineRetention({
  id: 'demo.records',
  module: 'demo',
  env: 'FENGQIAO_RETENTION_DEMO_DAYS',
  defaultDays: 365,
  minDays: 90,
  from: 'closing',
  anonymises: 'names',
  keeps: 'counts',
  sweep: async () => ({ rows: 0, files: 0 }),
});

describe('retention settings', () => {
  it('uses the default period, or the configured one at or above the floor', () => {
    expect(loadRetentionConfig([policy], {}).days.get('demo.records')).toBe(365);
    expect(loadRetentionConfig([policy], { FENGQIAO_RETENTION_DEMO_DAYS: '90' }).days.get('demo.records')).toBe(90);
    expect(loadRetentionConfig([policy], {}).batchSize).toBe(500);
    expect(loadRetentionConfig([policy], {}).auditDays).toBeNull();
  });

  it('refuses an audit retention under 180 days at start, naming the variable', () => {
    expect(() => loadRetentionConfig([policy], { FENGQIAO_AUDIT_RETENTION_DAYS: '179' })).toThrow(ConfigError);
    expect(() => loadRetentionConfig([policy], { FENGQIAO_AUDIT_RETENTION_DAYS: '30' })).toThrow(
      /FENGQIAO_AUDIT_RETENTION_DAYS: audit records must be kept at least 180 days, got 30/,
    );
    expect(loadRetentionConfig([policy], { FENGQIAO_AUDIT_RETENTION_DAYS: '180' }).auditDays).toBe(180);
  });

  it('refuses a period under the policy floor, a non-number and a bad batch size', () => {
    expect(() => loadRetentionConfig([policy], { FENGQIAO_RETENTION_DEMO_DAYS: '89' })).toThrow(
      /FENGQIAO_RETENTION_DEMO_DAYS: 89 days is shorter than the 90 days demo.records must be kept/,
    );
    expect(() => loadRetentionConfig([policy], { FENGQIAO_RETENTION_DEMO_DAYS: 'ninety' })).toThrow(ConfigError);
    expect(() => loadRetentionConfig([policy], { FENGQIAO_RETENTION_BATCH: '5' })).toThrow(/FENGQIAO_RETENTION_BATCH/);
  });

  it('refuses a policy declared twice', () => {
    expect(() => loadRetentionConfig([policy, policy], {})).toThrow(/declared twice/);
  });
});
