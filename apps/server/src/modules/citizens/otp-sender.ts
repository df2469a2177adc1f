import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

/** One sign-in code to deliver. `phone` is the full number (a gateway needs it); `masked` is for logs and files. */
export interface OtpMessage {
  phone: string;
  masked: string;
  code: string;
  expiresAt: Date;
  /** The SMS text, Chinese, with the station's name as signature. */
  text: string;
}

/**
 * Delivers sign-in codes. The default writes them to the log or a file for
 * a demo or a test bench; an SMS gateway is an adapter implementing this
 * interface (or a relay behind the webhook sender).
 */
export interface OtpSender {
  readonly name: string;
  send(message: OtpMessage): Promise<void>;
}

/** Logs the code at info with the phone masked (the logger scrubs full numbers anyway). */
export class LogOtpSender implements OtpSender {
  readonly name = 'log';
  constructor(private readonly log: Logger) {}
  async send(m: OtpMessage): Promise<void> {
    // The code is in the message text: log keys ending in "code" are redacted by design.
    this.log.info(
      { to: m.masked, expiresAt: m.expiresAt.toISOString() },
      `citizen sign-in code ${m.code} for ${m.masked}`,
    );
  }
}

/** Appends one JSON line per code to DATA_DIR/outbox/sms.jsonl (masked phone), for demos without a gateway. */
export class FileOtpSender implements OtpSender {
  readonly name = 'file';
  constructor(private readonly dir: string) {}
  get file(): string {
    return path.join(this.dir, 'sms.jsonl');
  }
  async send(m: OtpMessage): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const line = JSON.stringify({ at: new Date().toISOString(), to: m.masked, code: m.code, text: m.text });
    await fs.promises.appendFile(this.file, `${line}\n`, { mode: 0o600 });
  }
}

/**
 * Posts `{ to, text, code, expiresAt }` as JSON to an HTTP endpoint with a
 * bearer token: the seam for an SMS gateway (a small relay translates to the
 * vendor's API and template). A non-2xx answer fails the request.
 */
export class WebhookOtpSender implements OtpSender {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly token: string | null,
    private readonly timeoutMs = 5000,
  ) {}
  async send(m: OtpMessage): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ to: m.phone, text: m.text, code: m.code, expiresAt: m.expiresAt.toISOString() }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`OTP webhook answered ${res.status}`);
  }
}

/** Keeps codes in memory: tests and benchmarks read what was "sent". */
export class MemoryOtpSender implements OtpSender {
  readonly name = 'memory';
  readonly sent: OtpMessage[] = [];
  async send(m: OtpMessage): Promise<void> {
    this.sent.push(m);
  }
  /** The latest code sent to a phone (as typed, any format the parser accepts compares by digits). */
  lastCode(phone: string): string | null {
    const digits = phone.replace(/\D/g, '').slice(-11);
    for (let i = this.sent.length - 1; i >= 0; i--) {
      const m = this.sent[i];
      if (m && m.phone.replace(/\D/g, '').slice(-11) === digits) return m.code;
    }
    return null;
  }
}
