import type { AvailableEndpoint } from '../app/endpoint.js';
import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord } from '../directory/records.js';
import { uriAddress } from '../directory/uri.js';
import { resource, type Resource } from '../format/resource.js';

/**
 * The `me` resource (me_ref) with the links CreateAnApplication shows before
 * makeMeAvailable (makeMeAvailable, callForwardingSettings, phones, photo) and those
 * GetMyPresenceInformation shows after it (note, presence, location, reportMyActivity,
 * callForwardingSettings, phones, photo). The photo link appears when the user has a photo;
 * endpointUri once the application is available.
 */
export function meResource(urls: AppUrls, directory: DirectoryStore, account: AccountRecord, endpoint: AvailableEndpoint | undefined): Resource {
  const person = directory.person(account.uri);
  const spec = person?.spec;
  const address = uriAddress(account.uri);
  const builder = resource('me', urls.me)
    .prop('name', spec?.name ?? address)
    .prop('uri', account.uri)
    .prop('emailAddresses', spec?.emailAddresses ?? [address])
    .prop('title', spec?.title)
    .prop('department', spec?.department)
    .prop('company', spec?.company)
    .prop('officeLocation', spec?.office)
    .prop('workPhoneNumber', spec?.workPhoneNumber)
    .prop('mobilePhoneNumber', spec?.mobilePhoneNumber)
    .prop('endpointUri', endpoint?.endpointUri);
  if (endpoint) {
    builder
      .link('note', urls.mine('note'))
      .link('presence', urls.mine('presence'))
      .link('location', urls.mine('location'))
      .link('reportMyActivity', urls.mine('reportMyActivity'));
  } else {
    builder.link('makeMeAvailable', urls.makeMeAvailable);
  }
  builder.link('callForwardingSettings', urls.mine('callForwardingSettings')).link('phones', urls.mine('phones'));
  if (directory.hasPhoto(account.uri)) builder.link('photo', urls.photo(person?.uri ?? account.uri));
  return builder.build();
}
