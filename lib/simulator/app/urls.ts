import { uriAddress } from '../directory/uri.js';

/** Autodiscovery root path (root_ref, CreateAnApplication). */
export const ROOT_PATH = '/autodiscover/autodiscoverservice.svc/root';
/** The user resource path. */
export const USER_PATH = `${ROOT_PATH}/oauth/user`;
/** The cross-domain frame. */
export const XFRAME_PATH = '/autodiscover/xframe/xframe.html';
/** The OAuth token endpoint. */
export const TOKEN_PATH = '/webticket/oauthtoken';
/** The applications collection. */
export const APPLICATIONS_PATH = '/ucwa/oauth/v1/applications';
/** Prefix of the admin (control) API. */
export const ADMIN_PREFIX = '/_simulator';

/** `instanceId=...` after `separator`, or nothing for the instance created without one. */
function instanceQuery(separator: '?' | '&', instanceId: string | undefined): string {
  return instanceId === undefined ? '' : `${separator}instanceId=${encodeURIComponent(instanceId)}`;
}

/**
 * Paths of one application's resources, in the layout of CreateAnApplication and the
 * "Subscribe to the presence of ..." walkthroughs: `/ucwa/oauth/v1/applications/{id}/people/...`.
 */
export class AppUrls {
  /** The application resource. */
  readonly app: string;
  /** The people hub. */
  readonly people: string;

  /** @param appId the application id. */
  constructor(readonly appId: string) {
    this.app = `${APPLICATIONS_PATH}/${appId}`;
    this.people = `${this.app}/people`;
  }

  /** The event channel with an ack; an instance's channel carries its `instanceId` (MultiTabSupport). */
  events(ack: number, instanceId?: string): string {
    return `${this.app}/events?ack=${ack}${instanceQuery('&', instanceId)}`;
  }

  /** The application resource as one instance sees it: `?instanceId=` names the instance (MultiTabSupport). */
  instance(instanceId?: string): string {
    return `${this.app}${instanceQuery('?', instanceId)}`;
  }

  /** Batch resource. */
  get batch(): string {
    return `${this.app}/batch`;
  }

  /** Policies resource. */
  get policies(): string {
    return `${this.app}/policies`;
  }

  /** The signed-in user. */
  get me(): string {
    return `${this.app}/me`;
  }

  /** makeMeAvailable, in the walkthroughs' layout (CreateAnApplication, GetMyPresenceInformation). */
  get makeMeAvailable(): string {
    return `${this.me}/makeMeAvailable`;
  }

  /** The user's own presence, note, location or reportMyActivity. */
  mine(rel: 'presence' | 'note' | 'location' | 'reportMyActivity' | 'callForwardingSettings' | 'phones'): string {
    return `${this.me}/${rel}`;
  }

  /** A person's photo (GetMyPhoto, SearchForUsersContact): `photos/{address}` in the directory's case. */
  photo(uri: string): string {
    return `${this.app}/photos/${uriAddress(uri)}`;
  }

  /** The search resource (SearchForUsersContact). */
  get search(): string {
    return `${this.people}/search`;
  }

  /** Communication dashboard. */
  get communication(): string {
    return `${this.app}/communication`;
  }

  /** presenceSubscriptions collection. */
  get presenceSubscriptions(): string {
    return `${this.people}/presenceSubscriptions`;
  }

  /** One presence subscription. */
  presenceSubscription(id: string): string {
    return `${this.people}/presenceSubscriptions/${id}`;
  }

  /** presenceSubscriptionMemberships, optionally for one subscription (also its addToPresenceSubscription). */
  memberships(subscriptionId?: string): string {
    const base = `${this.people}/presenceSubscriptionMemberships`;
    return subscriptionId === undefined ? base : `${base}?presenceSubscriptionId=${subscriptionId}`;
  }

  /** One membership (subscription, contact). */
  membership(subscriptionId: string, uri: string): string {
    return `${this.people}/presenceSubscriptionMemberships/${subscriptionId},${uriAddress(uri).toLowerCase()}`;
  }

  /** subscribedContacts. */
  get subscribedContacts(): string {
    return `${this.people}/subscribedContacts`;
  }

  /** myGroups. */
  get myGroups(): string {
    return `${this.people}/groups`;
  }

  /** A group. */
  group(id: string): string {
    return `${this.people}/groups/${id}`;
  }

  /** A group's contacts. */
  groupContacts(id: string): string {
    return `${this.people}/contacts?groupId=${id}`;
  }

  /** A group's subscribeToGroupPresence. */
  subscribeToGroupPresence(id: string): string {
    return `${this.people}/presenceSubscriptions?groupId=${id}`;
  }

  /** myContacts. */
  get myContacts(): string {
    return `${this.people}/contacts`;
  }

  /** A contact; lower case unless `displayCase` (event links keep the directory's case). */
  contact(uri: string, displayCase = false): string {
    const address = uriAddress(uri);
    return `${this.people}/${displayCase ? address : address.toLowerCase()}`;
  }

  /** A contact's presence. */
  contactPresence(uri: string, displayCase = false): string {
    return `${this.contact(uri, displayCase)}/presence`;
  }

  /** A contact's note. */
  contactNote(uri: string, displayCase = false): string {
    return `${this.contact(uri, displayCase)}/note`;
  }

  /** A contact's location. */
  contactLocation(uri: string, displayCase = false): string {
    return `${this.contact(uri, displayCase)}/location`;
  }

  /** A contact's supported modalities (`supportedMedia`, SearchForUsersContact). */
  contactSupportedModalities(uri: string, displayCase = false): string {
    return `${this.contact(uri, displayCase)}/supportedMedia`;
  }

  /** myContactsAndGroupsSubscription. */
  get contactsAndGroupsSubscription(): string {
    return `${this.people}/contactsAndGroupsSubscription`;
  }

  /** startOrRefreshSubscriptionToContactsAndGroups. */
  get startOrRefreshContactsAndGroups(): string {
    return `${this.contactsAndGroupsSubscription}/startOrRefreshSubscriptionToContactsAndGroups`;
  }

  /** stopSubscriptionToContactsAndGroups. */
  get stopContactsAndGroups(): string {
    return `${this.contactsAndGroupsSubscription}/stopSubscriptionToContactsAndGroups`;
  }
}
