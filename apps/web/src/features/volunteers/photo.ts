/** Photos from the phone's camera: the server takes at most 8 MB; large camera images are reduced first. */

export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
const SHRINK_ABOVE = 1.5 * 1024 * 1024;
const MAX_SIDE = 1920;

/**
 * A camera photo as the server should get it: small ones as they are, large
 * ones redrawn as a JPEG of at most 1920 px a side (which also drops EXIF,
 * the phone's location history included). Null when it stays too large.
 */
export async function preparePhoto(file: Blob): Promise<Blob | null> {
  let out: Blob = file;
  if (file.size > SHRINK_ABOVE && typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file);
      const f = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bmp.width * f);
      canvas.height = Math.round(bmp.height * f);
      canvas.getContext('2d')?.drawImage(bmp, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.85));
      if (blob) out = blob;
    } catch {
      // Not decodable here (HEIC on some browsers): send the original and let the server judge it.
    }
  }
  return out.size > PHOTO_MAX_BYTES ? null : out;
}

interface DetectedCode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmap): Promise<DetectedCode[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;

/** Whether the browser can read QR codes from a photo (Chrome on Android can; others type the code). */
export function canScanQr(): boolean {
  return typeof (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector === 'function';
}

/** The QR code's text in a photo of a checkpoint plate, or null. */
export async function readQr(file: Blob): Promise<string | null> {
  const Ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (!Ctor) return null;
  const codes = await new Ctor({ formats: ['qr_code'] }).detect(await createImageBitmap(file));
  return codes[0]?.rawValue?.trim() || null;
}
