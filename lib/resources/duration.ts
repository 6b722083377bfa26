import { InvalidArgumentError } from '../errors/argument-errors.js';

/** Checks a subscription duration in minutes against its documented range before anything is sent. */
export function checkDuration(minutes: number, min: number, max: number, name = 'duration'): number {
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
    throw new InvalidArgumentError(name, `an integer number of minutes from ${min} to ${max}`, String(minutes));
  }
  return minutes;
}

/** Presence subscriptions last 10-30 minutes (presenceSubscriptions_ref); the extended total is capped at 30. */
export const PRESENCE_DURATION = { min: 10, max: 30 } as const;
/** The contacts-and-groups subscription takes 10-60 (startOrRefreshSubscriptionToContactsAndGroups_ref); the total is capped at 30. */
export const CONTACTS_AND_GROUPS_DURATION = { min: 10, max: 60 } as const;
/** Longest a subscription lives after a create or an extension, minutes. */
export const SUBSCRIPTION_CAP_MINUTES = 30;
