import pino, { type Logger } from 'pino';

// 18-character ID numbers (and legacy 15-digit ones) and 11-digit mobiles.
const ID_PATTERN = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const LEGACY_ID_PATTERN = /(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])/g;
const PHONE_PATTERN = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const SECRET_KEYS = /pass(word)?|secret|token|cookie|authorization|idNumber|id_number|phone|code$/i;

/** Masks anything shaped like an ID number or a phone inside a string. */
export function scrubText(s: string): string {
  return s
    .replace(ID_PATTERN, '$1********$2')
    .replace(LEGACY_ID_PATTERN, '$1******$2')
    .replace(PHONE_PATTERN, '$1****$3');
}

/** Deep copy with secrets removed and identifiers masked; logs must never carry them. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        SECRET_KEYS.test(k) && typeof v !== 'number' && typeof v !== 'boolean' ? '[redacted]' : scrub(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'fengqiao' },
      formatters: {
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          // Query strings can carry identifiers typed into search boxes.
          url: req.url ? scrubText(req.url.split('?')[0] ?? '') : undefined,
          id: req.id,
        }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
