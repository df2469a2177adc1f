import type { DisputeLevel, DisputeStatus, DisputeTrack, Outcome } from './catalogue';

/**
 * The three-level mediation workflow as a state machine.
 *
 *   level 1 (on-site, community police office + grid workers)
 *     ⇅ escalate / deescalate (one level at a time, with a reason)
 *   level 2 (community police team, ledger and follow-up)
 *     ⇅
 *   level 3 (town mediation centre, joint "consultation" mediation)
 *
 * An enterprise dispute may leave the standard track for the commercial
 * mediation studio and come back to the level it left. While open, an
 * outcome ends the mediation: success or partial → resolved (follow-up
 * visits run), failed → failed (with a next step), withdrawn → withdrawn.
 * A resolved dispute closes once its follow-ups are done; a relapse found at
 * a follow-up reopens it at the level and track where it was resolved.
 *
 * Nothing skips a level and nothing is lost: every accepted command yields
 * exactly one event naming the state before and after, so the timeline
 * replays to the current state.
 */
export interface DisputeState {
  status: DisputeStatus;
  level: DisputeLevel;
  track: DisputeTrack;
  /** Highest level reached; with no skipping, the levels handled are exactly [initialLevel, maxLevel]. */
  maxLevel: DisputeLevel;
  outcome: Outcome | null;
}

/** Facts about the dispute the machine needs but does not own. */
export interface DisputeFacts {
  hasEnterpriseParty: boolean;
  /** An agreement (written or oral) that is not void. */
  hasAgreement: boolean;
  pendingFollowups: number;
}

export const DISPUTE_COMMANDS = [
  'escalate',
  'deescalate',
  'refer_commercial',
  'return_standard',
  'record_outcome',
  'close',
  'reopen',
] as const;
export type DisputeCommandKind = (typeof DISPUTE_COMMANDS)[number];

export type DisputeCommand =
  | { kind: 'escalate' | 'deescalate' | 'refer_commercial' | 'return_standard' | 'reopen'; reason: string }
  | { kind: 'record_outcome'; outcome: Outcome; reason?: string }
  | { kind: 'close'; reason?: string };

export type TransitionError =
  | 'not_open'
  | 'top_level'
  | 'bottom_level'
  | 'commercial_track'
  | 'not_commercial'
  | 'no_enterprise_party'
  | 'agreement_required'
  | 'not_resolved'
  | 'followups_pending'
  | 'not_reopenable'
  | 'reason_required';

export const TRANSITION_MESSAGES: Readonly<Record<TransitionError, string>> = {
  not_open: 'the dispute is not in mediation',
  top_level: 'the dispute is already at level 3, the town mediation centre',
  bottom_level: 'the dispute is already at level 1, on-site mediation',
  commercial_track: 'the dispute is with the commercial mediation studio: return it to the standard track first',
  not_commercial: 'the dispute is not with the commercial mediation studio',
  no_enterprise_party: 'only disputes with an enterprise party go to the commercial mediation studio',
  agreement_required: 'a successful mediation needs an agreement (written or oral) recorded first',
  not_resolved: 'only a resolved dispute can be closed',
  followups_pending: 'follow-up visits are still pending',
  not_reopenable: 'only a resolved or closed dispute reopens (after a relapse)',
  reason_required: 'state the reason for this transition',
};

export type TransitionResult =
  | { ok: true; state: DisputeState; from: DisputeState }
  | { ok: false; error: TransitionError; message: string };

function refuse(error: TransitionError): TransitionResult {
  return { ok: false, error, message: TRANSITION_MESSAGES[error] };
}

export function initialState(level: DisputeLevel = 1): DisputeState {
  return { status: 'open', level, track: 'standard', maxLevel: level, outcome: null };
}

const needsReason = (c: DisputeCommand) =>
  c.kind === 'escalate' ||
  c.kind === 'deescalate' ||
  c.kind === 'refer_commercial' ||
  c.kind === 'return_standard' ||
  c.kind === 'reopen';

/** Applies one command; refuses (changing nothing) when the command is not allowed in this state. */
export function transition(s: DisputeState, c: DisputeCommand, f: DisputeFacts): TransitionResult {
  if (needsReason(c) && (c.reason ?? '').trim().length === 0) return refuse('reason_required');
  const ok = (state: DisputeState): TransitionResult => ({ ok: true, state, from: s });
  switch (c.kind) {
    case 'escalate': {
      if (s.status !== 'open') return refuse('not_open');
      if (s.track !== 'standard') return refuse('commercial_track');
      if (s.level === 3) return refuse('top_level');
      const level = (s.level + 1) as DisputeLevel;
      return ok({ ...s, level, maxLevel: Math.max(level, s.maxLevel) as DisputeLevel });
    }
    case 'deescalate': {
      if (s.status !== 'open') return refuse('not_open');
      if (s.track !== 'standard') return refuse('commercial_track');
      if (s.level === 1) return refuse('bottom_level');
      return ok({ ...s, level: (s.level - 1) as DisputeLevel });
    }
    case 'refer_commercial': {
      if (s.status !== 'open') return refuse('not_open');
      if (s.track === 'commercial') return refuse('commercial_track');
      if (!f.hasEnterpriseParty) return refuse('no_enterprise_party');
      return ok({ ...s, track: 'commercial' });
    }
    case 'return_standard': {
      if (s.status !== 'open') return refuse('not_open');
      if (s.track !== 'commercial') return refuse('not_commercial');
      return ok({ ...s, track: 'standard' });
    }
    case 'record_outcome': {
      if (s.status !== 'open') return refuse('not_open');
      if (c.outcome === 'success' && !f.hasAgreement) return refuse('agreement_required');
      const status: DisputeStatus =
        c.outcome === 'success' || c.outcome === 'partial'
          ? 'resolved'
          : c.outcome === 'failed'
            ? 'failed'
            : 'withdrawn';
      return ok({ ...s, status, outcome: c.outcome });
    }
    case 'close': {
      if (s.status !== 'resolved') return refuse('not_resolved');
      if (f.pendingFollowups > 0) return refuse('followups_pending');
      return ok({ ...s, status: 'closed' });
    }
    case 'reopen': {
      if (s.status !== 'resolved' && s.status !== 'closed') return refuse('not_reopenable');
      return ok({ ...s, status: 'open', outcome: null });
    }
  }
}

/** The commands a user could issue now (for the UI's buttons); record_outcome stands for all outcomes. */
export function availableCommands(s: DisputeState, f: DisputeFacts): DisputeCommandKind[] {
  const probe: Record<DisputeCommandKind, DisputeCommand> = {
    escalate: { kind: 'escalate', reason: '-' },
    deescalate: { kind: 'deescalate', reason: '-' },
    refer_commercial: { kind: 'refer_commercial', reason: '-' },
    return_standard: { kind: 'return_standard', reason: '-' },
    record_outcome: { kind: 'record_outcome', outcome: 'failed' },
    close: { kind: 'close' },
    reopen: { kind: 'reopen', reason: '-' },
  };
  return DISPUTE_COMMANDS.filter((k) => transition(s, probe[k], f).ok);
}

/** Whether one step from a to b is a legal single transition's effect (used to check a replayed timeline). */
export function isSingleStep(a: DisputeState, b: DisputeState): boolean {
  const levelMove = Math.abs(b.level - a.level);
  if (levelMove > 1) return false;
  if (levelMove === 1 && (a.track !== 'standard' || b.track !== 'standard' || a.status !== 'open')) return false;
  if (b.maxLevel < a.maxLevel || b.maxLevel - a.maxLevel > 1) return false;
  return true;
}
