import { map, type Observable } from 'rxjs';
import { ApplicationCodec, type Application, type ApplicationInput } from '../codecs/application.js';
import { hrefOf } from '../codecs/link.js';
import type { UserResource } from '../codecs/discovery.js';
import { requestResource, type Located } from '../http/read-resource.js';
import type { Requester } from '../http/transport.js';

/**
 * POST applications (applications_ref.md): registers this client with the pool. The same
 * endpointId gets the same application back. Emits the application resource with its
 * embedded me, people and communication.
 */
export function createApplication(send: Requester, user: Located<UserResource>, input: ApplicationInput): Observable<Located<Application>> {
  const href = hrefOf(user.value, 'applications') ?? '';
  return requestResource(
    send,
    { method: 'POST', href, base: user.url, json: { userAgent: input.userAgent, endpointId: input.endpointId, culture: input.culture } },
    ApplicationCodec,
    'application',
  );
}

/** GET the application again (its `events` link names the first unacknowledged response). */
export function readApplication(send: Requester, application: Located<Application>): Observable<Located<Application>> {
  return requestResource(send, { method: 'GET', href: application.value._links.self.href, base: application.url }, ApplicationCodec, 'application');
}

/** DELETE the application: the server drops its event channel and every subscription in it. */
export function deleteApplication(send: Requester, application: Located<Application>): Observable<void> {
  return send({ method: 'DELETE', href: application.value._links.self.href, base: application.url }).pipe(map(() => undefined));
}
