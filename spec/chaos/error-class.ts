import { isUcwaError } from '../../lib/index.js';

/** A stream error as the soak reports it. */
export interface ErrorClass {
  /** The UcwaError kind, or `foreign` for anything else (a TypeError, a RangeError ...). */
  readonly kind: string;
  readonly status?: number | undefined;
  readonly subcode?: string | undefined;
  /** The member's own reason, where it has one (decode, network, signIn, eventChannel). */
  readonly reason?: string | undefined;
  /**
   * True for the conditions issue 11 lists as permanent, per resource: a malformed URI, a person
   * who does not exist, a refusal for that contact, a wrong password or refused grant, the client
   * closed. Everything else is transient and must be retried, never end a stream.
   */
  readonly permanent: boolean;
  /** `http 503 -`, `network ECONNRESET`, `decode malformedJson`, ... */
  readonly summary: string;
}

/** 4xx statuses that are transient by the protocol (the server did not refuse this resource). */
const TRANSIENT_4XX = new Set([408, 410, 429]);
/** OAuth errors that mean the credentials or the grant were refused. */
const REFUSED_GRANTS = new Set(['invalid_grant', 'unsupported_grant_type', 'invalid_client', 'unauthorized_client', 'invalid_request']);

/** Classifies an error a stream ended with. */
export function classifyError(error: unknown): ErrorClass {
  if (!isUcwaError(error)) {
    const name = error instanceof Error ? error.name : typeof error;
    return { kind: 'foreign', reason: name, permanent: false, summary: `foreign ${name}` };
  }
  switch (error.kind) {
    case 'http': {
      const subcode = error.subcode;
      const transient =
        error.status >= 500 ||
        !error.fromUcwa || // an unreadable body (cut short, HTML, empty) cannot say the refusal is final
        TRANSIENT_4XX.has(error.status) ||
        (error.status === 404 && /^(ApplicationNotFound|InactiveApplicationExpired)$/i.test(subcode ?? '')) ||
        (error.status === 409 && /^PGetReplaced$/i.test(subcode ?? '')) ||
        // LimitExceeded: the client must split the request and learn the limit (the soak's contacts always fit)
        (error.status === 403 && /^LimitExceeded$/i.test(subcode ?? ''));
      const body = error.fromUcwa ? '' : ' (unreadable body)';
      return { kind: 'http', status: error.status, subcode, permanent: !transient, summary: `http ${error.status} ${subcode ?? '-'}${body}` };
    }
    case 'signIn': {
      // a refusal comes as a 400 (or 401) with an OAuth error; the same reason on a 429, 410 or 5xx is the client's reading of a transient answer
      const permanent = REFUSED_GRANTS.has(error.reason) && (error.status === undefined || error.status === 400 || error.status === 401);
      return { kind: 'signIn', status: error.status, reason: error.reason, permanent, summary: `signIn ${error.reason} ${error.status ?? '-'}` };
    }
    case 'decode':
      return { kind: 'decode', reason: error.reason, permanent: false, summary: `decode ${error.reason}` };
    case 'network':
      return { kind: 'network', reason: error.reason, permanent: false, summary: `network ${error.reason ?? '-'}` };
    case 'timeout':
      return { kind: 'timeout', permanent: false, summary: 'timeout' };
    case 'eventChannel':
      return { kind: 'eventChannel', reason: error.reason, permanent: false, summary: `eventChannel ${error.reason}` };
    case 'capacity':
      // the soak's contacts always fit: a capacity error means the limits were learnt wrong
      return { kind: 'capacity', permanent: false, summary: 'capacity' };
    case 'tooManyApplications':
      return { kind: 'tooManyApplications', permanent: false, summary: 'tooManyApplications' };
    case 'invalidArgument':
    case 'refusedOrigin':
    case 'closed':
      return { kind: error.kind, permanent: true, summary: error.kind };
  }
}
