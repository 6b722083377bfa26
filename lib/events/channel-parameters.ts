/** Aggregation and hold settings of the event channel, in seconds (events_ref). */
export interface EventChannelParameters {
  /** How long the server holds a P-GET with no events: 180-1800, default 180. */
  readonly timeout: number;
  /** How long low-priority events may wait to be bundled: 5-1800, default 15. */
  readonly low: number;
  /** How long medium-priority events (presence) may wait to be bundled: 5-1800, default 5. */
  readonly medium: number;
}

/** The documented defaults. */
export const DEFAULT_CHANNEL_PARAMETERS: EventChannelParameters = { timeout: 180, low: 15, medium: 5 };

const RANGES: Readonly<Record<keyof EventChannelParameters, readonly [number, number]>> = {
  timeout: [180, 1800],
  low: [5, 1800],
  medium: [5, 1800],
};

function clamp(value: number | undefined, fallback: number, [min, max]: readonly [number, number]): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Fills in defaults and clamps each value to its documented range (whole seconds). */
export function normaliseChannelParameters(input: Partial<EventChannelParameters> = {}): EventChannelParameters {
  return {
    timeout: clamp(input.timeout, DEFAULT_CHANNEL_PARAMETERS.timeout, RANGES.timeout),
    low: clamp(input.low, DEFAULT_CHANNEL_PARAMETERS.low, RANGES.low),
    medium: clamp(input.medium, DEFAULT_CHANNEL_PARAMETERS.medium, RANGES.medium),
  };
}

/** Slack added to the server's hold time for the client-side timeout of a P-GET, ms. */
export const PGET_TIMEOUT_SLACK_MS = 30_000;

/**
 * How long a retried P-GET must have been held, on the client's clock, without failing before
 * the channel reports `connected` again (instead of waiting for its response, which may take the
 * whole `timeout`), ms. Failures that come back at once (refused connections, 5xx) come back
 * well within it.
 */
export const HELD_PGET_CONNECTED_MS = 2000;
