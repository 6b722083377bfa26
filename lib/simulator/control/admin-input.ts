/**
 * Reading and checking the admin API's JSON input. Anything the admin API passes on is of the
 * type and range the simulator's own code expects, so no admin request can leave state behind
 * that later makes a UCWA resource fail (a lastActive that is not a time, a fault status Node
 * cannot send, a header with a line break, a churn rate no clock could keep).
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { Availability, ContactDeviceType, NoteSpec, PresenceUpdate } from '../directory/types.js';
import type { ChurnOptions } from './churn.js';
import type { FaultAction, FaultRule } from './faults.js';

/** A request body of the admin API, with query parameters merged in. */
export type AdminBody = Readonly<Record<string, unknown>>;

/** A mistake in an admin request: answered 400 with its message. */
export class AdminInputError extends Error {}

/** The most presence changes per second churn may make. */
export const MAX_CHURN_RATE = 1000;
/** The longest injected latency: a day of simulator time. */
const MAX_LATENCY_MS = 24 * 60 * 60 * 1000;
/** The longest value of a free-text field. */
const MAX_TEXT = 10_000;
/** Dates JavaScript can represent, in ms from the epoch. */
const MAX_TIME = 8.64e15;

/** A string field: required and non-empty unless `required` is false (then possibly undefined). */
export function text(body: AdminBody, name: string, required = true): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > MAX_TEXT) {
    throw new AdminInputError(`"${name}" must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  return value;
}

/** A number as JSON or a query parameter gives it ("5" from `?ratePerSecond=5`). */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : value;
}

function number(raw: unknown, name: string, min: number, max: number, integer = false): number {
  const value = numeric(raw);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new AdminInputError(`"${name}" must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TEXT || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new AdminInputError(`"${name}" must be a non-empty list of non-empty strings`);
  }
  return value as string[];
}

/** A time: milliseconds from the epoch, or a date string Date.parse reads. */
function time(value: unknown, name: string): number {
  const ms = typeof numeric(value) === 'string' ? Date.parse(value as string) : value;
  return number(ms, name, -MAX_TIME, MAX_TIME);
}

/** `{availability, activity?, deviceType?, lastActive?}`; any availability or device string is kept, as clients must keep unknown values. */
export function presenceUpdate(body: AdminBody): PresenceUpdate {
  const availability = text(body, 'availability') as Availability;
  const activity = text(body, 'activity', false);
  const deviceType = text(body, 'deviceType', false) as ContactDeviceType | undefined;
  const lastActive = body.lastActive === undefined ? undefined : time(body.lastActive, 'lastActive');
  return {
    availability,
    ...(activity === undefined ? {} : { activity }),
    ...(deviceType === undefined ? {} : { deviceType }),
    ...(lastActive === undefined ? {} : { lastActive }),
  };
}

/** `{message?, type?}`: no message clears the note. */
export function noteSpec(body: AdminBody): NoteSpec | undefined {
  const message = text(body, 'message', false);
  const type = body.type;
  if (type !== undefined && type !== 'Personal' && type !== 'OutOfOffice') throw new AdminInputError('"type" must be "Personal" or "OutOfOffice"');
  if (message === undefined) return undefined;
  return type === undefined ? { message } : { message, type };
}

/** `{ratePerSecond, uris?, seed?, availabilities?}`. */
export function churnOptions(body: AdminBody): ChurnOptions {
  const ratePerSecond = number(body.ratePerSecond, 'ratePerSecond', Number.MIN_VALUE, MAX_CHURN_RATE);
  return {
    ratePerSecond,
    ...(body.uris === undefined ? {} : { uris: stringList(body.uris, 'uris') }),
    ...(body.seed === undefined ? {} : { seed: number(body.seed, 'seed', -MAX_TIME, MAX_TIME) }),
    ...(body.availabilities === undefined ? {} : { availabilities: stringList(body.availabilities, 'availabilities') as Availability[] }),
  };
}

function status(value: unknown, name: string): number {
  return number(value, name, 100, 599, true);
}

function headers(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminInputError('"fault.headers" must be an object of strings');
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new AdminInputError(`"fault.headers.${name}" must be a string`);
    try {
      validateHeaderName(name);
      validateHeaderValue(name, item);
    } catch {
      throw new AdminInputError(`"fault.headers" holds a header Node cannot send: ${JSON.stringify(name).slice(0, 100)}`);
    }
    out[name] = item;
  }
  return out;
}

/** The `fault` of a rule, checked field by field. */
export function faultAction(value: unknown): FaultAction {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminInputError('"fault" must be an object with a "kind"');
  const fault = value as AdminBody;
  switch (fault.kind) {
    case 'status':
      return {
        kind: 'status',
        status: status(fault.status, 'fault.status'),
        ...(fault.code === undefined ? {} : { code: text(fault, 'code') ?? '' }),
        ...(fault.subcode === undefined ? {} : { subcode: text(fault, 'subcode') ?? '' }),
        ...(fault.message === undefined ? {} : { message: text(fault, 'message') ?? '' }),
        ...(fault.retryAfter === undefined ? {} : { retryAfter: number(fault.retryAfter, 'fault.retryAfter', 0, 86_400 * 365, true) }),
        ...(fault.headers === undefined ? {} : { headers: headers(fault.headers) }),
      };
    case 'drop':
      if (fault.when !== undefined && fault.when !== 'before' && fault.when !== 'after') throw new AdminInputError('"fault.when" must be "before" or "after"');
      return fault.when === undefined ? { kind: 'drop' } : { kind: 'drop', when: fault.when };
    case 'latency':
      return { kind: 'latency', ms: number(fault.ms, 'fault.ms', 0, MAX_LATENCY_MS) };
    case 'malformed':
      if (fault.body !== 'truncated-json' && fault.body !== 'html' && fault.body !== 'empty') {
        throw new AdminInputError('"fault.body" must be "truncated-json", "html" or "empty"');
      }
      return fault.status === undefined ? { kind: 'malformed', body: fault.body } : { kind: 'malformed', body: fault.body, status: status(fault.status, 'fault.status') };
    default:
      throw new AdminInputError('"fault.kind" must be "status", "drop", "latency" or "malformed"');
  }
}

/** A fault rule: `{method?, path?, pathRegex?, times? (integer >= 1 or "always"), fault}`. */
export function faultRule(body: AdminBody): FaultRule {
  const fault = faultAction(body.fault);
  const pathRegex = text(body, 'pathRegex', false);
  let path: string | RegExp | undefined;
  try {
    path = pathRegex !== undefined ? new RegExp(pathRegex, 'i') : text(body, 'path', false);
  } catch {
    throw new AdminInputError('"pathRegex" is not a regular expression');
  }
  const times = body.times === 'always' ? Infinity : body.times === undefined ? undefined : number(body.times, 'times', 1, Number.MAX_SAFE_INTEGER, true);
  const method = text(body, 'method', false);
  return {
    ...(method === undefined ? {} : { method }),
    ...(path === undefined ? {} : { path }),
    ...(times === undefined ? {} : { times }),
    fault,
  };
}
