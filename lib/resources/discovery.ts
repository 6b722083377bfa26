import { defer, from, map, switchMap, type Observable } from 'rxjs';
import { AutodiscoveryRootCodec, RedirectResourceCodec, UserResourceCodec, type UserResource } from '../codecs/discovery.js';
import { hrefOf } from '../codecs/link.js';
import { DecodeError } from '../errors/decode-error.js';
import { resolveHref } from '../http/href.js';
import { requestResource, type Located } from '../http/read-resource.js';
import type { Authenticator } from '../http/auth/authenticator.js';
import type { Requester } from '../http/transport.js';

/** Most redirects autodiscovery follows before giving up (a loop between pools). */
const MAX_REDIRECTS = 3;

function missingLink(target: string, rel: string): DecodeError {
  return new DecodeError(target, [{ path: `_links.${rel}`, expected: 'Link', actual: 'undefined' }]);
}

/**
 * Autodiscovery and sign-in (CreateAnApplication): GET the root anonymously, follow its
 * `user` link (the 401 challenge and sign-in happen there), and follow `redirect` to the
 * pool the user is homed on, signing in afresh there. Credentials are never sent to the other
 * pool's redirect or root resource; the new pool challenges for its own sign-in. Emits the user resource that carries
 * the `applications` link.
 */
export function discoverUser(send: Requester, auth: Authenticator, discoveryUrl: string): Observable<Located<UserResource>> {
  const root$ = requestResource(send, { method: 'GET', href: discoveryUrl, anonymous: true }, AutodiscoveryRootCodec, 'autodiscovery root');

  const followUser = (href: string, base: string, hops: number): Observable<Located<UserResource>> =>
    requestResource(send, { method: 'GET', href, base }, UserResourceCodec, 'user').pipe(
      switchMap((user) => {
        if (hrefOf(user.value, 'applications')) return from([user]);
        const redirect = hrefOf(user.value, 'redirect');
        if (!redirect) throw missingLink('user', 'applications');
        if (hops >= MAX_REDIRECTS) throw new DecodeError('user', [{ path: '_links.redirect', expected: `at most ${MAX_REDIRECTS} redirects`, actual: String(hops + 1) }]);
        // The redirect resource may sit on the pool the user is homed on: read it there without credentials.
        const elsewhere = resolveHref(redirect, user.url).origin !== auth.boundOrigin;
        return requestResource(send, { method: 'GET', href: redirect, base: user.url, anonymous: elsewhere }, RedirectResourceCodec, 'redirect').pipe(
          switchMap((target) => defer(() => {
            const next = resolveHref(target.value._links.user.href, target.url);
            if (next.origin !== auth.boundOrigin) auth.rebind(next.origin);
            return followUser(next.toString(), target.url, hops + 1);
          })),
        );
      }),
    );

  return root$.pipe(
    map((root) => {
      const user = hrefOf(root.value, 'user');
      if (!user) throw missingLink('autodiscovery root', 'user');
      // Every sign-in starts where the root says: credentials left bound elsewhere by an earlier
      // attempt (a redirect that went nowhere) are bound back to this origin.
      const origin = resolveHref(user, root.url).origin;
      if (auth.boundOrigin !== undefined && auth.boundOrigin !== origin) auth.rebind(origin);
      return { href: user, base: root.url };
    }),
    switchMap(({ href, base }) => followUser(href, base, 0)),
  );
}
