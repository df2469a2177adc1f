/** Ratios for the mediation indicators: null when there is nothing to divide by, never NaN. */
export function rate(numerator: number, denominator: number, digits = 4): number | null {
  if (denominator <= 0) return null;
  const k = 10 ** digits;
  return Math.round((numerator / denominator) * k) / k;
}
