/**
 * Pure timing of the idle warning, separate from React for the unit suite.
 * The server ends a session after `idleSeconds` without requests; the UI
 * warns `warnSeconds` before that, counting from the user's last activity.
 */
export function warnSecondsFor(idleSeconds: number): number {
  return Math.max(10, Math.min(120, Math.floor(idleSeconds / 4)));
}

export type IdlePhase = { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

export function idlePhase(nowMs: number, lastActivityMs: number, idleSeconds: number): IdlePhase {
  const idleFor = (nowMs - lastActivityMs) / 1000;
  if (idleFor >= idleSeconds) return { phase: 'expired' };
  const warnAt = idleSeconds - warnSecondsFor(idleSeconds);
  if (idleFor >= warnAt) return { phase: 'warning', secondsLeft: Math.ceil(idleSeconds - idleFor) };
  return { phase: 'active' };
}

/** 95 → "1:35". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
