import { defer, map, type Observable } from 'rxjs';
import type { ModalityType } from '../../codecs/me.js';
import { readJson } from '../../http/read-resource.js';
import type { HttpResponse, Requester } from '../../http/transport.js';
import type { HrefRef } from '../people.js';
import { checkMutationAnswer } from '../reconcile/mutation-answer.js';

/** The me resource's body and where it was read from. */
export interface MeRead {
  readonly body: unknown;
  readonly url: string;
}

/**
 * The requests of the signed-in user's side (me_ref.md, makeMeAvailable_ref.md, presence_ref.md,
 * note_ref.md, location_ref.md, reportMyActivity_ref.md), each a cold Observable with the
 * library's standard retries, against an href the caller found in the me resource.
 */
export class MeRequests {
  constructor(private readonly send: Requester) {}

  /** GET me: who the user is, and links that tell whether this application is available. */
  readMe(at: HrefRef): Observable<MeRead> {
    return defer(() => this.send({ method: 'GET', ...at })).pipe(map((response) => ({ body: readJson(response, 'me'), url: response.url })));
  }

  /** POST makeMeAvailable `{supportedModalities}` (204). */
  makeMeAvailable(at: HrefRef, modalities: readonly ModalityType[]): Observable<HttpResponse> {
    return this.post(at, { supportedModalities: modalities }, 'makeMeAvailable');
  }

  /** POST a write to my presence, note or location (204). */
  write(at: HrefRef, body: Readonly<Record<string, string>>, target: string): Observable<HttpResponse> {
    return this.post(at, body, target);
  }

  /** POST reportMyActivity (204): the user is using this application. */
  reportMyActivity(at: HrefRef): Observable<HttpResponse> {
    return defer(() => this.send({ method: 'POST', ...at })).pipe(map((response) => checkMutationAnswer(response, 'reportMyActivity')));
  }

  private post(at: HrefRef, json: unknown, target: string): Observable<HttpResponse> {
    return defer(() => this.send({ method: 'POST', ...at, json })).pipe(map((response) => checkMutationAnswer(response, target)));
  }
}
