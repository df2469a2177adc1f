import { buildApp } from './app';
import { loadDemoIfWanted } from './demo/load-demo';
import { closePlatform, createPlatform } from './platform/bootstrap';
import { ConfigError, loadConfig } from './platform/config';

/**
 * One binary, several roles (FENGQIAO_ROLES): `api` serves HTTP, WebSocket
 * and the web UI; `jobs` runs due jobs and timers. The default runs both.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await createPlatform(config);
  const log = platform.log;
  await loadDemoIfWanted(platform);
  const { app } = await buildApp(platform, {
    serveWeb: true,
    metricsToken: process.env.FENGQIAO_METRICS_TOKEN || null,
  });
  if (config.roles.has('api')) {
    const address = await app.listen({ host: config.host, port: config.port });
    log.info(
      { address, engine: platform.db.engine, dataDir: config.databaseUrl ? undefined : config.dataDir },
      'Fengqiao is listening',
    );
    process.stdout.write(`\nFengqiao is running at ${address.replace('127.0.0.1', 'localhost')}\n\n`);
  }
  if (config.roles.has('jobs')) await platform.jobs.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await closePlatform(platform);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    console.error(`Configuration error: ${e.message}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
