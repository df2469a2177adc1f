import { parseArgs } from 'node:util';
import { closePlatform, createPlatform } from '../platform/bootstrap';
import { CliError, cliConfig, refuseIfServerRunning, runCli } from './backup-common';
import { OnboardingError, onboardStation } from './station-onboarding';

const USAGE = `npm run station:add -- --county CODE [--county-name NAME] --code CODE --name NAME --center LNG,LAT
  [--name-en NAME] [--region GB2260] [--address TEXT] [--county-user USERNAME]`;

/**
 * \`npm run station:add\`: onboards one more station into this deployment
 * (its county, the station, its two account administrators; optionally a
 * county account). Prints the one-time passwords once.
 */
runCli(async () => {
  const { values } = parseArgs({
    options: {
      county: { type: 'string' },
      'county-name': { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      'name-en': { type: 'string' },
      region: { type: 'string' },
      address: { type: 'string' },
      center: { type: 'string' },
      'county-user': { type: 'string' },
    },
  });
  const center = (values.center ?? '').split(',').map(Number);
  const [lng, lat] = center;
  if (
    !values.county ||
    !values.code ||
    !values.name ||
    center.length !== 2 ||
    !Number.isFinite(lng) ||
    !Number.isFinite(lat)
  )
    throw new CliError(`usage: ${USAGE}`);
  const config = cliConfig();
  if (!config.databaseUrl) await refuseIfServerRunning(config);
  const platform = await createPlatform(config);
  try {
    const r = await onboardStation(platform, {
      county: { code: values.county, name: values['county-name'] },
      station: {
        code: values.code,
        name: values.name,
        nameEn: values['name-en'],
        regionCode: values.region,
        address: values.address,
        center: [lng as number, lat as number],
      },
      countyUser: values['county-user'],
    });
    console.log(
      `station ${values.code} ${r.stationId} in county ${values.county}${r.countyCreated ? ' (created)' : ''}`,
    );
    console.log('one-time passwords (shown once; change and enrol 2FA at first sign-in):');
    for (const a of r.accounts) console.log(`  ${a.username.padEnd(24)} ${a.role.padEnd(16)} ${a.password}`);
  } catch (e) {
    if (e instanceof OnboardingError) throw new CliError(e.message);
    throw e;
  } finally {
    await closePlatform(platform);
  }
});
