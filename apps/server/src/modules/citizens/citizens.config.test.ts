import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config';
import { loadCitizenConfig } from './citizens.config';

describe('citizen sign-in configuration', () => {
  it('defaults to the log sender with 5-minute codes burned after 5 tries', () => {
    const c = loadCitizenConfig({}, '/data');
    expect(c).toMatchObject({ sender: 'log', codeTtlMs: 300_000, maxAttempts: 5, resendMs: 60_000, perPhoneHourly: 5 });
    expect(c.outboxDir).toBe('/data/outbox');
  });
  it('needs a URL for the webhook sender and refuses nonsense', () => {
    expect(() => loadCitizenConfig({ CITIZEN_OTP_SENDER: 'webhook' }, '/d')).toThrow(ConfigError);
    expect(() => loadCitizenConfig({ CITIZEN_OTP_SENDER: 'carrier-pigeon' }, '/d')).toThrow(ConfigError);
    expect(
      loadCitizenConfig({ CITIZEN_OTP_SENDER: 'webhook', CITIZEN_OTP_WEBHOOK_URL: 'https://sms.example/send' }, '/d')
        .webhookUrl,
    ).toBe('https://sms.example/send');
  });
});
