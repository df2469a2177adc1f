/**
 * Volunteer lifecycle: application → vetting (identity, criminal-record
 * check) → approved → (suspended ⇄ approved) → exited; an application can
 * be rejected. Teams are joined while approved.
 */
export const VOLUNTEER_STATUSES = ['applied', 'vetting', 'approved', 'suspended', 'exited', 'rejected'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

const VOLUNTEER_NEXT: Record<VolunteerStatus, readonly VolunteerStatus[]> = {
  applied: ['vetting', 'approved', 'rejected'],
  vetting: ['approved', 'rejected'],
  approved: ['suspended', 'exited'],
  suspended: ['approved', 'exited'],
  exited: [],
  rejected: [],
};

export function canMoveVolunteer(from: VolunteerStatus, to: VolunteerStatus): boolean {
  return VOLUNTEER_NEXT[from].includes(to);
}

export function nextVolunteerStatuses(from: VolunteerStatus): readonly VolunteerStatus[] {
  return VOLUNTEER_NEXT[from];
}

/** The checks a volunteer must pass before approval. */
export const VETTING_CHECKS = ['identity', 'record_check', 'interview'] as const;
export type VettingCheck = (typeof VETTING_CHECKS)[number];
export const REQUIRED_CHECKS: readonly VettingCheck[] = ['identity', 'record_check'];

/**
 * What still blocks an approval: each required check whose latest result is
 * not a pass. `at` orders the records; of records with the same time the
 * one recorded later (later in the list) is the latest.
 */
export function approvalBlockers(
  records: readonly { check: VettingCheck; result: 'pass' | 'fail'; at: number }[],
): VettingCheck[] {
  return REQUIRED_CHECKS.filter((c) => {
    let latest: { result: 'pass' | 'fail'; at: number } | null = null;
    for (const r of records) if (r.check === c && (latest === null || r.at >= latest.at)) latest = r;
    return latest?.result !== 'pass';
  });
}

/** Only approved volunteers take duties. */
export function mayTakeDuties(status: VolunteerStatus): boolean {
  return status === 'approved';
}

/**
 * Hazards: reported → assigned to the responsible party → rectified (evidence
 * recorded) → closed by an officer who verified it; a failed verification
 * sends it back to assigned. An officer may dismiss a report that is no
 * hazard (or a duplicate) before it is rectified.
 */
export const HAZARD_STATUSES = ['reported', 'assigned', 'rectified', 'closed', 'dismissed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

export const HAZARD_CATEGORIES = ['fire', 'electrical', 'traffic', 'public_order', 'building', 'other'] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

export const RESPONSIBLE_KINDS = ['enterprise', 'place', 'owner', 'department'] as const;
export type ResponsibleKind = (typeof RESPONSIBLE_KINDS)[number];

const HAZARD_NEXT: Record<HazardStatus, readonly HazardStatus[]> = {
  reported: ['assigned', 'dismissed'],
  assigned: ['assigned', 'rectified', 'dismissed'],
  rectified: ['closed', 'assigned'],
  closed: [],
  dismissed: [],
};

export function canMoveHazard(from: HazardStatus, to: HazardStatus): boolean {
  return HAZARD_NEXT[from].includes(to);
}

export function isHazardOpen(s: HazardStatus): boolean {
  return s === 'reported' || s === 'assigned' || s === 'rectified';
}
