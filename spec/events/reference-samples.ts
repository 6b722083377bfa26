/** Event samples copied from the reference pages' examples (data, for tests). */

const envelope = (events: unknown[]) => ({
  _links: { self: { href: 'http://sample:80/ucwa/v1/applications/appId/events?ack=1' }, next: { href: 'http://sample:80/ucwa/v1/applications/appId/events?ack=2' } },
  sender: [{ rel: 'people', href: 'https://fe1.contoso.com:443/ucwa/v1/applications/192/people', events }],
});

const PS = 'https://fe1.contoso.com:443/ucwa/v1/applications/192/presenceSubscription';
const PINNED = 'https://fe1.contoso.com:443/ucwa/v1/applications/192/groups/pinnedGroup';
const CONTACT = 'https://fe1.contoso.com:443/ucwa/v1/applications/192/people/282';

/** presenceSubscription_ref.md: added, updated, deleted. */
export const presenceSubscriptionEvents = ['added', 'updated', 'deleted'].map((type) =>
  envelope([{ link: { rel: 'presenceSubscription', href: PS }, type }]),
);

/** myContactsAndGroupsSubscription_ref.md: updated (about to expire). */
export const contactsAndGroupsUpdated = envelope([
  { link: { rel: 'myContactsAndGroupsSubscription', href: 'https://fe1.contoso.com:443/ucwa/v1/applications/192/people/myContactsAndGroupsSubscription' }, type: 'updated' },
]);

/** pinnedGroup_ref.md: contact added / deleted in pinnedGroup, pinnedGroup updated. */
export const pinnedGroupEvents = {
  added: envelope([{ link: { rel: 'contact', href: CONTACT }, in: { rel: 'pinnedGroup', href: PINNED }, type: 'added' }]),
  updated: envelope([{ link: { rel: 'pinnedGroup', href: PINNED }, type: 'updated' }]),
  deleted: envelope([{ link: { rel: 'contact', href: CONTACT }, in: { rel: 'pinnedGroup', href: PINNED }, type: 'deleted' }]),
};

/** contactPresence_ref.md: updated, in contact. */
export const contactPresenceUpdated = envelope([
  { link: { rel: 'contactPresence', href: `${CONTACT}/contactPresence` }, in: { rel: 'contact', href: CONTACT }, type: 'updated' },
]);

/** SubscribeToThePresenceOfSelectedContacts.md: relative hrefs, the contact's URI in two letter cases. */
export const selectedContactsEvents = {
  _links: { self: { href: '/ucwa/oauth/v1/applications/101/events?ack=5' }, next: { href: '/ucwa/oauth/v1/applications/101/events?ack=6' } },
  sender: [
    {
      rel: 'people',
      href: '/ucwa/oauth/v1/applications/101/people',
      events: [
        { link: { rel: 'contact', href: '/ucwa/oauth/v1/applications/101/people/sarad@contoso.com' }, in: { rel: 'subscribedContacts', href: '/ucwa/oauth/v1/applications/101/people/subscribedContacts' }, type: 'added' },
        { link: { rel: 'presenceSubscription', href: '/ucwa/oauth/v1/applications/101/people/presenceSubscriptions/97b6bd66' }, type: 'added' },
        { link: { rel: 'contactPresence', href: '/ucwa/oauth/v1/applications/101/people/sarad@Contoso.com/presence' }, in: { rel: 'contact', href: '/ucwa/oauth/v1/applications/101/people/sarad@contoso.com' }, type: 'updated' },
      ],
    },
  ],
};

/** ExtendAPresenceSubscription.md: updated with the embedded presenceSubscription. */
export const presenceSubscriptionExpiring = {
  _links: { self: { href: '/ucwa/v1/applications/101/events?ack=10' }, next: { href: '/ucwa/v1/applications/101/events?ack=11' } },
  sender: [
    {
      rel: 'people',
      href: '/ucwa/v1/applications/101/people',
      events: [
        {
          link: { rel: 'presenceSubscription', href: '/ucwa/v1/applications/101/people/presenceSubscriptions/97b6bd66' },
          _embedded: {
            presenceSubscription: {
              id: '97b6bd66',
              _links: {
                self: { href: '/ucwa/v1/applications/101/people/presenceSubscriptions/97b6bd66' },
                memberships: { href: '/ucwa/v1/applications/101/people/presenceSubscriptionMemberships?presenceSubscriptionId=97b6bd66' },
                addToPresenceSubscription: { href: '/ucwa/v1/applications/101/people/presenceSubscriptionMemberships?presenceSubscriptionId=97b6bd66' },
              },
              rel: 'presenceSubscription',
            },
          },
          type: 'updated',
        },
      ],
    },
  ],
};

/** EventChannelDetails.md: two senders, an embedded communication resource, four me events. */
export const eventChannelDetailsSample = {
  _links: { self: { href: '/ucwa/oauth/v1/applications/102/events?ack=1' }, next: { href: '/ucwa/oauth/v1/applications/102/events?ack=2' } },
  sender: [
    {
      rel: 'communication',
      href: '/ucwa/oauth/v1/applications/102/communication',
      events: [
        {
          link: { rel: 'communication', href: '/ucwa/oauth/v1/applications/102/communication' },
          _embedded: {
            communication: {
              '56de7bbf-1081-43e6-bbf2-1cabf3224c83': 'please pass this in a PUT request',
              supportedModalities: ['Messaging'],
              supportedMessageFormats: ['Plain'],
              _links: { self: { href: '/ucwa/oauth/v1/applications/102/communication' } },
              rel: 'communication',
              etag: '2943169141',
            },
          },
          type: 'updated',
        },
      ],
    },
    {
      rel: 'me',
      href: '/ucwa/oauth/v1/applications/102/me',
      events: [
        { link: { rel: 'me', href: '/ucwa/oauth/v1/applications/102/me' }, type: 'updated' },
        { link: { rel: 'presence', href: '/ucwa/oauth/v1/applications/102/me/presence' }, type: 'added' },
        { link: { rel: 'note', href: '/ucwa/oauth/v1/applications/102/me/note' }, type: 'added' },
        { link: { rel: 'location', href: '/ucwa/oauth/v1/applications/102/me/location' }, type: 'added' },
      ],
    },
  ],
};
