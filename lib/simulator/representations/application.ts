import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord } from '../directory/records.js';
import { uriAddress } from '../directory/uri.js';
import { resource, type Resource } from '../format/resource.js';

/** What the application resource shows about an application. */
export interface ApplicationView {
  /** Application id. */
  readonly id: string;
  /** Resource paths. */
  readonly urls: AppUrls;
  /** Owner. */
  readonly account: AccountRecord;
  /** Culture given at creation. */
  readonly culture: string;
  /** User agent given at creation. */
  readonly userAgent: string;
  /** Endpoint id given at creation. */
  readonly endpointId: string;
  /** Instance id, if given. */
  readonly instanceId?: string;
  /** The ack of the first unacknowledged event response. */
  readonly firstAck: number;
}

/** The `me` resource. */
export function meResource(urls: AppUrls, directory: DirectoryStore, account: AccountRecord): Resource {
  const person = directory.person(account.uri);
  const address = uriAddress(account.uri);
  return resource('me', urls.me)
    .prop('name', person?.spec.name ?? address)
    .prop('uri', account.uri)
    .prop('emailAddresses', person?.spec.emailAddresses ?? [address])
    .prop('title', person?.spec.title)
    .prop('department', person?.spec.department)
    .prop('company', person?.spec.company)
    .build();
}

/** The people hub with the links CreateAnApplication.md shows. */
export function peopleResource(urls: AppUrls): Resource {
  const p = urls.people;
  return resource('people', p)
    .link('presenceSubscriptions', urls.presenceSubscriptions)
    .link('subscribedContacts', urls.subscribedContacts)
    .link('presenceSubscriptionMemberships', urls.memberships())
    .link('myGroups', urls.myGroups)
    .link('myGroupMemberships', `${p}/groupMemberships`)
    .link('myContacts', urls.myContacts)
    .link('myPrivacyRelationships', `${p}/privacyRelationships`)
    .link('myContactsAndGroupsSubscription', urls.contactsAndGroupsSubscription)
    .link('search', `${p}/search`)
    .build();
}

/** A stable pseudo-GUID property name for the communication resource's PUT marker. */
function putMarker(id: string): string {
  const hex = Array.from(`${id}ucwa-rx-simulator`).map((c) => c.charCodeAt(0).toString(16)).join('').padEnd(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The communication dashboard (messaging is not simulated: no modalities). */
export function communicationResource(urls: AppUrls, appId: string): Resource {
  const c = urls.communication;
  return resource('communication', c)
    .prop(putMarker(appId), 'please pass this in a PUT request')
    .prop('supportedModalities', [])
    .prop('supportedMessageFormats', ['Plain'])
    .link('conversations', `${c}/conversations?filter=active`)
    .link('startMessaging', `${c}/messagingInvitations`)
    .link('startOnlineMeeting', `${c}/onlineMeetingInvitations?onlineMeetingUri=adhoc`)
    .link('joinOnlineMeeting', `${c}/onlineMeetingInvitations`)
    .build();
}

/** The policies resource. */
export function policiesResource(urls: AppUrls): Resource {
  return resource('policies', urls.policies).prop('logging', 'Disabled').prop('photos', 'Disabled').build();
}

/**
 * The application resource as CreateAnApplication.md shows it: culture, userAgent and the
 * self, policies, batch and events links, with me, people and communication embedded.
 */
export function applicationResource(view: ApplicationView, directory: DirectoryStore): Resource {
  const { urls } = view;
  return resource('application', urls.app)
    .prop('culture', view.culture)
    .prop('userAgent', view.userAgent)
    .prop('type', 'Browser')
    .prop('endpointId', view.endpointId)
    .prop('instanceId', view.instanceId)
    .prop('id', view.id)
    .link('policies', urls.policies)
    .link('batch', urls.batch)
    .link('events', urls.events(view.firstAck))
    .embed('me', meResource(urls, directory, view.account))
    .embed('people', peopleResource(urls))
    .embed('communication', communicationResource(urls, view.id))
    .build();
}
