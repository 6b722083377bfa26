import { map, take, type Observable } from 'rxjs';
import type { Application } from '../codecs/application.js';
import { hrefOf } from '../codecs/link.js';
import { DecodeError } from '../errors/decode-error.js';
import type { Located } from '../http/read-resource.js';
import type { ApplicationSession } from './application-session.js';

/** An href with the URL it is relative to. */
export interface HrefRef {
  readonly href: string;
  readonly base: string;
}

/** The link `rel` of the people hub embedded in `application` (people_ref), or a typed DecodeError. */
export function peopleLink(application: Located<Application>, rel: string): HrefRef {
  const people = application.value._embedded?.people;
  const href = people ? hrefOf(people, rel) : undefined;
  if (!href) throw new DecodeError('application', [{ path: `_embedded.people._links.${rel}`, expected: 'Link', actual: 'undefined' }]);
  return { href, base: application.url };
}

/**
 * The current application's people link `rel`, once the application exists. `graceMs` is how
 * long the application is kept for this caller afterwards (the session's default if omitted).
 */
export function peopleLink$(session: ApplicationSession, rel: string, graceMs?: number): Observable<HrefRef> {
  return session.observe(graceMs).pipe(
    take(1),
    map((application) => peopleLink(application, rel)),
  );
}
