import * as t from 'io-ts';
import { LinkCodec, LinksCodec, ResourceBaseCodec } from './link.js';

/** Any resource that must carry `_links` (autodiscovery root, user, redirect). */
const linkedResource = (name: string) => t.intersection([ResourceBaseCodec, t.type({ _links: LinksCodec })], name);

/** The autodiscovery root: links `user`, `xframe`, and maybe `redirect` (root_ref). */
export const AutodiscoveryRootCodec = linkedResource('AutodiscoveryRoot');
/** The autodiscovery root resource. */
export type AutodiscoveryRoot = t.TypeOf<typeof AutodiscoveryRootCodec>;

/** The user resource: `applications`, or `redirect` when the user is homed elsewhere (user_ref). */
export const UserResourceCodec = linkedResource('User');
/** The user resource. */
export type UserResource = t.TypeOf<typeof UserResourceCodec>;

/** The redirect resource: a `user` link on the server the user is homed on (redirect_ref). */
export const RedirectResourceCodec = t.intersection([ResourceBaseCodec, t.type({ _links: t.type({ user: LinkCodec }) })], 'Redirect');
/** The redirect resource. */
export type RedirectResource = t.TypeOf<typeof RedirectResourceCodec>;

/** The OAuth token endpoint's answer to a password grant (AuthenticationInUCWA). */
export const OAuthTokenCodec = t.intersection(
  [t.type({ access_token: t.string, token_type: t.string }), t.partial({ expires_in: t.number, ms_rtc_identityscope: t.string })],
  'OAuthToken',
);
/** A token from the OAuth endpoint. */
export type OAuthToken = t.TypeOf<typeof OAuthTokenCodec>;
