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
 * POST applications (applications_ref, MultiTabSupport): registers this client with the pool.
 * The same endpointId gets the same application back; the instanceId gets its own event channel
 * on it (201 when that instance is new, 200 when it exists). Emits the application resource with
 * its embedded me, people and communication.
 */
export function createApplication(send: Requester, user: Located<UserResource>, input: ApplicationInput): Observable<CreatedApplication> {
  const href = hrefOf(user.value, 'applications') ?? '';
  const { userAgent, endpointId, culture, instanceId } = input;
  return send({ method: 'POST', href, base: user.url, json: { userAgent, endpointId, culture, ...(instanceId === undefined ? {} : { instanceId }) } }).pipe(
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

/**
 * DELETE this client's instance of the application (MultiTabSupport.md): its `self` link with
 * the `instanceId` query parameter (added when the server's link lacks it), so that only its event
 * channel goes; the server deletes the application with its last instance. `keepalive` lets the
 * request outlive the page (pagehide).
 */
export function deleteApplication(send: Requester, application: Located<Application>, instanceId?: string, keepalive = false): Observable<void> {
  const href = application.value._links.self.href;
  const named = instanceId === undefined || hasInstanceId(href, application.url);
  return send({ method: 'DELETE', href, base: application.url, query: named ? undefined : { instanceId }, keepalive }).pipe(map(() => undefined));
}

function hasInstanceId(href: string, base: string): boolean {
  try {
    return [...new URL(href, base).searchParams.keys()].some((name) => name.toLowerCase() === 'instanceid');
  } catch {
    return false;
  }
}
