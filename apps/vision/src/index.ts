/** The camera worker's parts, for tests, the benchmark and embedding. */
export { ServerClient, ServerError } from './client';
export type { Detector } from './detector';
export { eventId } from './event-id';
export { type BuiltEvidence, EvidenceBuilder, type FirstEvidence, regionsOf } from './evidence';
export { encodeClip, encodeJpeg, FrameSource, ffmpegFrame, grabFrame, readImage } from './ffmpeg';
export type { Frame } from './frame';
export { MotionDetector } from './motion';
export { type AppendedEvidence, EventOutbox, type OutboxOptions, type PostedEvent } from './outbox';
export {
  CameraPipeline,
  type FiredEvent,
  type PipelineOptions,
  type ReadyEvent,
  type SeenFrame,
  type StepResult,
} from './pipeline';
export { defaultOcrModelDir, PaddleOcr } from './plate-ocr';
export { type PlateRead, PlateReader } from './plate-reader';
export { RuleEngine, type RuleEvent } from './rules';
export { type PlateSpec, plateFilters, ROAD, renderScene, SPRITES, scenes } from './scene-video';
export { type Detection, type Track, Tracker } from './tracker';
export { type Log, VisionWorker, type WorkerOptions } from './worker';
export { defaultModelPath, YoloxDetector } from './yolox';
