import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web UI from one port with the API. Unknown non-API paths
 * get index.html so client-side routes survive a reload.
 */
export async function registerStaticWeb(app: FastifyInstance, webDir: string): Promise<boolean> {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  app.get('/*', { config: { policy: 'public' } }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/')) {
      return reply.status(404).send({ error: 'not_found', message: `no route GET ${url}`, requestId: req.id });
    }
    const file = path.join(webDir, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(webDir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(webDir, file));
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return true;
}
