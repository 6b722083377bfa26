import { ADMIN_PREFIX } from '../app/urls.js';
import type { JsonValue } from '../format/json.js';
import type { Reply, SimRequest } from '../http/types.js';
import type { Simulator } from '../simulator.js';
import { parseModality, type ModalityType } from '../directory/modalities.js';
import type { PhotoImage } from '../directory/types.js';
import { AdminInputError, churnOptions, faultRule, noteSpec, presenceUpdate, text, type AdminBody } from './admin-input.js';
import type { FaultRule } from './faults.js';

type Body = AdminBody;
/** A handler; no result (void) means 204. */
type AdminHandler = (sim: Simulator, body: Body) => Reply | JsonValue | void;

function serializeRule({ rule, remaining }: { rule: FaultRule; remaining: number }): JsonValue {
  return {
    method: rule.method ?? null,
    path: rule.path === undefined ? null : String(rule.path),
    remaining: Number.isFinite(remaining) ? remaining : 'always',
    fault: rule.fault as unknown as JsonValue,
  };
}

const optionalApp = (body: Body): string | undefined => text(body, 'applicationId', false);

/** `photo`: true (generated, the default), false (none), or `{contentType, base64}`. */
function photoOf(body: Body): boolean | PhotoImage {
  const photo = body.photo ?? true;
  if (photo === true || photo === 'true') return true;
  if (photo === false || photo === 'false') return false;
  if (typeof photo === 'object' && photo !== null) {
    const { contentType, base64 } = photo as Body;
    if (typeof contentType === 'string' && contentType !== '' && typeof base64 === 'string') return { contentType, data: Buffer.from(base64, 'base64') };
  }
  throw new AdminInputError('"photo" must be true, false or {"contentType": "...", "base64": "..."}');
}

/**
 * The admin API under `/_simulator/` (JSON in and out) for clients that are not JavaScript:
 * the same controls as the Simulator object.
 */
const HANDLERS: Readonly<Record<string, AdminHandler>> = {
  'GET /state': (sim) => sim.state() as unknown as JsonValue,
  'POST /presence': (sim, body) => sim.setPresence(text(body, 'uri') ?? '', presenceUpdate(body)),
  'POST /note': (sim, body) => sim.setNote(text(body, 'uri') ?? '', noteSpec(body)),
  'POST /location': (sim, body) => sim.setLocation(text(body, 'uri') ?? '', text(body, 'location', false)),
  'POST /contacts': (sim, body) => {
    const group = text(body, 'group', false);
    sim.addContact(text(body, 'user') ?? '', text(body, 'uri') ?? '', group === undefined ? {} : { group });
    return undefined;
  },
  'DELETE /contacts': (sim, body) => sim.removeContact(text(body, 'user') ?? '', text(body, 'uri') ?? ''),
  'POST /pinned': (sim, body) => sim.addToPinnedGroup(text(body, 'user') ?? '', text(body, 'uri') ?? ''),
  'DELETE /pinned': (sim, body) => sim.removeFromPinnedGroup(text(body, 'user') ?? '', text(body, 'uri') ?? ''),
  'POST /churn': (sim, body) => sim.startChurn(churnOptions(body)),
  'DELETE /churn': (sim) => sim.stopChurn(),
  'GET /faults': (sim) => sim.activeFaults().map(serializeRule),
  'POST /faults': (sim, body) => {
    sim.injectFault(faultRule(body));
    return { kind: 'json', status: 201, body: sim.activeFaults().map(serializeRule) };
  },
  'DELETE /faults': (sim) => sim.clearFaults(),
  'POST /resume': (sim, body) => sim.forceResume(optionalApp(body)),
  'POST /resync': (sim, body) => sim.forceResync(optionalApp(body)),
  'POST /expire-application': (sim, body) => sim.expireApplication(optionalApp(body)),
  'POST /expire-tokens': (sim, body) => sim.expireTokens(text(body, 'user', false)),
  'GET /user': (sim, body) => sim.userState(text(body, 'user') ?? '') as unknown as JsonValue,
  'POST /idle': (sim, body) => sim.makeIdle(text(body, 'user') ?? ''),
  'POST /photo': (sim, body) => sim.setPhoto(text(body, 'uri') ?? '', photoOf(body)),
  'POST /modalities': (sim, body) => {
    const modalities = body.modalities;
    if (modalities !== undefined && (!Array.isArray(modalities) || modalities.some((m) => parseModality(m) === undefined))) {
      throw new AdminInputError('"modalities" must be an array of ModalityType values');
    }
    sim.setModalities(text(body, 'uri') ?? '', modalities === undefined ? undefined : (modalities as unknown[]).map((m) => parseModality(m) as ModalityType));
    return undefined;
  },
  'GET /requests': (sim) => ({
    total: sim.requests.total,
    byRoute: sim.requests.countsByRoute(),
    entries: sim.requests.entries() as unknown as JsonValue,
  }),
  'DELETE /requests': (sim) => sim.requests.reset(),
};

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'kind' in value && 'status' in value;
}

/** Handles one admin request. Body fields may also come as query parameters. */
export function handleAdminRequest(request: SimRequest, sim: Simulator): Reply {
  const route = request.url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '').toLowerCase() || '/';
  const handler = HANDLERS[`${request.method} ${route}`];
  if (!handler) {
    return { kind: 'json', status: 404, body: { error: `unknown admin operation ${request.method} ${route}`, operations: Object.keys(HANDLERS) } };
  }
  try {
    const raw = request.body.toString('utf8').trim();
    const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AdminInputError('the body must be a JSON object');
    const body: Body = { ...Object.fromEntries(request.url.searchParams), ...(parsed as Body) };
    const result = handler(sim, body);
    if (result === undefined) return { kind: 'empty', status: 204 };
    return isReply(result) ? result : { kind: 'json', status: 200, body: result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'json', status: 400, body: { error: message } };
  }
}
