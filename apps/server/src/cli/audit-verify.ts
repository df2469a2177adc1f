import { createPlatform } from '../platform/bootstrap';
import { loadConfig } from '../platform/config';

/**
 * `npm run audit:verify`: seals pending audit rows, then walks the whole hash
 * chain of the configured database. Exit code 0 when intact, 1 otherwise.
 */
const platform = await createPlatform(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
await platform.audit.seal();
const result = await platform.audit.verify();
await platform.db.close();
console.log(`audit chain: ${result.checked} rows checked, head at ${result.headSeq}, ${result.unsealed} unsealed`);
for (const p of result.problems) console.log(`  PROBLEM seq=${p.seq ?? '-'} id=${p.id ?? '-'}: ${p.problem}`);
console.log(result.ok ? 'OK: the audit trail is intact' : 'FAILED: the audit trail has been altered');
process.exit(result.ok ? 0 : 1);
