import type { UcwaClientOptions } from '../../client-options.js';
import { createClientContext, type ClientContext, type SignIn } from '../../client-context.js';
import { ContactDirectory } from './contact-directory.js';
import { PresenceReconciler, type PresenceReconcilerOptions } from './presence-reconciler.js';
import { PresenceStreams } from './presence-stream.js';
import type { SubscriptionLimits } from './subscription-limits.js';

/** One application's presence machinery: its context (endpointId, session, event channel), directory, reconciler and streams. */
export interface PresenceCore {
  readonly context: ClientContext;
  readonly directory: ContactDirectory;
  readonly reconciler: PresenceReconciler;
  readonly streams: PresenceStreams;
}

/** What an overflow application takes from the client's own: its sign-in and the limits learnt. */
export interface SharedWithOverflow {
  readonly signIn: SignIn;
  readonly limits: SubscriptionLimits;
}

/**
 * Builds the presence machinery of application `application` (0: the client's own; see
 * {@link createClientContext}). An overflow application (`shared` given) signs in with the
 * client's token and user resource, plans with the limits the client's own learnt, and its
 * directory keeps only the contacts watched on it.
 */
export function createPresenceCore(options: UcwaClientOptions, application: number, reconcilerOptions: PresenceReconcilerOptions, shared?: SharedWithOverflow): PresenceCore {
  const context = createClientContext(options, application, shared?.signIn);
  let reconciler: PresenceReconciler | undefined;
  const keep = shared ? (uriKey: string): boolean => reconciler?.contacts.has(uriKey) === true : undefined;
  const directory = new ContactDirectory(context.send, context.fetcher, context.session, keep);
  reconciler = new PresenceReconciler(context, directory, reconcilerOptions, shared?.limits);
  return { context, directory, reconciler, streams: new PresenceStreams(context, reconciler) };
}
