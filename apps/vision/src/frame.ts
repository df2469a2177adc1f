/** A decoded frame: packed RGB, 3 bytes a pixel, row after row. */
export interface Frame {
  width: number;
  height: number;
  data: Uint8Array;
  /** Capture time (ms since the epoch). */
  t: number;
  /** Index in its stream. */
  index: number;
  /** Seconds from the start of the stream (a file replay's main stream is sought to it). */
  pts?: number;
}
