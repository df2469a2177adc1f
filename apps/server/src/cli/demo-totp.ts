import { generateTown } from '../demo/town.generator';
import { totpAt, totpStep } from '../platform/auth/totp';

/** `npm run demo:totp -- leader`: prints the demo account's secret and current code (demo data only). */
const username = process.argv[2] ?? 'leader';
const account = generateTown().accounts.find((a) => a.username === username);
if (!account?.totpSecret) {
  console.error(
    `${username}: no demo 2FA secret (accounts with one: ${generateTown()
      .accounts.filter((a) => a.totpSecret)
      .map((a) => a.username)
      .join(', ')})`,
  );
  process.exit(1);
}
const now = new Date();
const remaining = 30 - (Math.floor(now.getTime() / 1000) % 30);
console.log(
  `${username}  secret ${account.totpSecret}  code ${totpAt(account.totpSecret, totpStep(now))}  (valid ${remaining}s more)`,
);
