import type { AvailableEndpoint } from '../app/endpoint.js';
import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord } from '../directory/records.js';
import { resource, type Resource } from '../format/resource.js';
import { meResource } from './me.js';

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
  /** The application's availability, once made available. */
  readonly endpoint?: AvailableEndpoint;
}

/** The people hub with the links CreateAnApplication shows. */
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

/**
 * The communication dashboard: before makeMeAvailable no modalities; after it the modalities,
 * message formats, audio preference and phone number it was given (applications_ref's sample).
 * Conversations are not simulated; their links answer 404.
 */
export function communicationResource(urls: AppUrls, appId: string, endpoint?: AvailableEndpoint): Resource {
  const c = urls.communication;
  const settings = endpoint?.settings;
  return resource('communication', c)
    .prop(putMarker(appId), 'please pass this in a PUT request')
    .prop('audioPreference', settings?.audioPreference)
    .prop('phoneNumber', settings?.phoneNumber)
    .prop('supportedModalities', settings?.modalities ?? [])
    .prop('supportedMessageFormats', settings?.messageFormats ?? ['Plain'])
    .link('conversations', `${c}/conversations?filter=active`)
    .link('startMessaging', `${c}/messagingInvitations`)
    .link('startOnlineMeeting', `${c}/onlineMeetingInvitations?onlineMeetingUri=adhoc`)
    .link('joinOnlineMeeting', `${c}/onlineMeetingInvitations`)
    .build();
}

/** The policies resource: photos are served. */
export function policiesResource(urls: AppUrls): Resource {
  return resource('policies', urls.policies).prop('logging', 'Disabled').prop('photos', 'Enabled').build();
}

/**
 * The application resource as CreateAnApplication shows it: culture, userAgent and the
 * self, policies, batch and events links, with me, people and communication embedded. For an
 * instance (MultiTabSupport) `self` and `events` carry its `instanceId`.
 */
export function applicationResource(view: ApplicationView, directory: DirectoryStore): Resource {
  const { urls } = view;
  return resource('application', urls.instance(view.instanceId))
    .prop('culture', view.culture)
    .prop('userAgent', view.userAgent)
    .prop('type', 'Browser')
    .prop('endpointId', view.endpointId)
    .prop('instanceId', view.instanceId)
    .prop('id', view.id)
    .link('policies', urls.policies)
    .link('batch', urls.batch)
    .link('events', urls.events(view.firstAck, view.instanceId))
    .embed('me', meResource(urls, directory, view.account, view.endpoint))
    .embed('people', peopleResource(urls))
    .embed('communication', communicationResource(urls, view.id, view.endpoint))
    .build();
}
