import { map, type Observable } from 'rxjs';
import { ApplicationCodec, type Application, type ApplicationInput } from '../codecs/application.js';
import { hrefOf } from '../codecs/link.js';
import type { UserResource } from '../codecs/discovery.js';
import { decodeResponse, requestResource, type Located } from '../http/read-resource.js';
import type { Requester } from '../http/transport.js';

/** An application as POST applications answered it: `created` when the server made it just now (201). */
export interface CreatedApplication extends Located<Application> {
  /** 201: a new application, holding no subscription yet; false for 200 (the one of this endpointId). */
  readonly created: boolean;
}

/**
 * POST applications (applications_ref): registers this client with the pool. The same
 * endpointId gets the same application back (200); a new one is answered 201. Emits the
 * application resource with its embedded me, people and communication.
 */
export function createApplication(send: Requester, user: Located<UserResource>, input: ApplicationInput): Observable<CreatedApplication> {
  const href = hrefOf(user.value, 'applications') ?? '';
  return send({ method: 'POST', href, base: user.url, json: { userAgent: input.userAgent, endpointId: input.endpointId, culture: input.culture } }).pipe(
    map((response) => ({ ...decodeResponse(response, ApplicationCodec, 'application'), created: response.status === 201 })),
  );
}

/** Whether `application` was answered 201 by the POST that made it: the server holds nothing of it but what was sent since. */
export function isNewApplication(application: Located<Application>): boolean {
  return (application as Partial<CreatedApplication>).created === true;
}

/** GET the application again (its `events` link names the first unacknowledged response). */
export function readApplication(send: Requester, application: Located<Application>): Observable<Located<Application>> {
  return requestResource(send, { method: 'GET', href: application.value._links.self.href, base: application.url }, ApplicationCodec, 'application');
}

/** DELETE the application: the server drops its event channel and every subscription in it. */
export function deleteApplication(send: Requester, application: Located<Application>): Observable<void> {
  return send({ method: 'DELETE', href: application.value._links.self.href, base: application.url }).pipe(map(() => undefined));
}
