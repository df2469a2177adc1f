import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConfigError } from '../config';

export interface Keys {
  dataKey: Buffer;
  indexKey: Buffer;
  source: 'environment' | 'data-dir';
}

function decodeKey(name: string, value: string): Buffer {
  const buf = Buffer.from(value, 'base64');
  if (buf.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded`);
  return buf;
}

/**
 * Keys come from the environment in production. The embedded default
 * generates them once into DATA_DIR/keys.json (mode 0600) so that a bare
 * `npm start` works; a PostgreSQL deployment without keys refuses to start,
 * because losing a generated key would lose every encrypted field.
 */
export function loadKeys(config: Config): Keys {
  if (config.dataKey && config.indexKey) {
    return {
      dataKey: decodeKey('FENGQIAO_DATA_KEY', config.dataKey),
      indexKey: decodeKey('FENGQIAO_INDEX_KEY', config.indexKey),
      source: 'environment',
    };
  }
  if (config.databaseUrl) {
    throw new ConfigError('FENGQIAO_DATA_KEY and FENGQIAO_INDEX_KEY are required with DATABASE_URL');
  }
  const file = path.join(config.dataDir, 'keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const fresh = { dataKey: randomBytes(32).toString('base64'), indexKey: randomBytes(32).toString('base64') };
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
  }
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { dataKey: string; indexKey: string };
  return {
    dataKey: decodeKey('keys.json dataKey', stored.dataKey),
    indexKey: decodeKey('keys.json indexKey', stored.indexKey),
    source: 'data-dir',
  };
}
