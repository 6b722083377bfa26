import type { Availability } from './types.js';

/**
 * What a user may ask for as her availability: the PreferredAvailability values of
 * presence_ref and makeMeAvailable_ref (`signInAs`), plus `Offline` ("appear offline").
 */
export type PreferredAvailability = 'Online' | 'Busy' | 'DoNotDisturb' | 'BeRightBack' | 'Away' | 'Offwork' | 'Offline';

/** Every {@link PreferredAvailability}, in the order the reference lists them. */
export const PREFERRED_AVAILABILITIES: readonly PreferredAvailability[] = ['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offwork', 'Offline'];

/** Reads a preferred availability in any letter case (the server's enums are case-insensitive). */
export function parsePreferredAvailability(value: unknown): PreferredAvailability | undefined {
  if (typeof value !== 'string') return undefined;
  const wanted = value.trim().toLowerCase();
  return PREFERRED_AVAILABILITIES.find((candidate) => candidate.toLowerCase() === wanted);
}

/** What a user's own endpoints publish: availability and an activity token. */
export interface PublishedPresence {
  /** The availability contacts see. */
  readonly availability: Availability;
  /** The activity token, if any. */
  readonly activity?: string;
}

/**
 * The presence a signed-in user publishes from her own state, the way Lync derives it.
 *
 * - `preferred` undefined is automatic presence (after a reset, or makeMeAvailable without
 *   `signInAs`): Online while active, Away once idle.
 * - Online chosen by hand turns Away when idle too; Busy turns IdleBusy; DoNotDisturb,
 *   BeRightBack and Away stay as chosen.
 * - Offwork is published as Away with the activity `off-work`; Offline ("appear offline") as Offline.
 */
export function publishedPresence(preferred: PreferredAvailability | undefined, idle: boolean): PublishedPresence {
  switch (preferred) {
    case undefined:
    case 'Online':
      return { availability: idle ? 'Away' : 'Online' };
    case 'Busy':
      return { availability: idle ? 'IdleBusy' : 'Busy' };
    case 'Offwork':
      return { availability: 'Away', activity: 'off-work' };
    default:
      return { availability: preferred };
  }
}
