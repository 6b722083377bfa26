import type { AccountSpec, Availability, ContactDeviceType, DirectorySpec, PersonSpec } from './types.js';

/** The password of every account in the default directory. */
export const DEFAULT_PASSWORD = 'password';

/** The account the default directory is built around. */
export const DEFAULT_USER = 'alice@contoso.com';

type Row = readonly [uri: string, name: string, title: string, department: string, availability: Availability, device: ContactDeviceType, activity?: string];

// A fictional company. Some URIs are in mixed case on purpose: the server lower-cases them in
// resource links and keeps the display case in event links, as the reference's samples do.
const ROWS: readonly Row[] = [
  ['sip:alice@contoso.com', 'Alice Anders', 'Product Manager', 'Product', 'Online', 'PC'],
  ['sip:bob@contoso.com', 'Bob Kelly', 'Support Engineer', 'Support', 'Online', 'PC'],
  ['sip:carol@contoso.com', 'Carol Diaz', 'Engineering Manager', 'Engineering', 'Busy', 'PC', 'in-a-meeting'],
  ['sip:SaraD@contoso.com', 'Sara Davis', 'Product Manager', 'Sales & Marketing', 'Away', 'Mobile'],
  ['sip:ChrisB@contoso.com', 'Chris Barry', 'Developer', 'Engineering', 'Online', 'PC'],
  ['sip:AlexD@contoso.com', 'Alex Darrow', 'Account Executive', 'Sales', 'BeRightBack', 'PC'],
  ['sip:DanaB@contoso.com', 'Dana Birkby', 'Director', 'Operations', 'DoNotDisturb', 'PC', 'presenting'],
  ['sip:LeneA@contoso.com', 'Lene Aaling', 'Designer', 'Product', 'IdleOnline', 'Web'],
  ['sip:ManishC@contoso.com', 'Manish Chopra', 'Architect', 'Engineering', 'Offline', 'Unknown'],
  ['sip:toshm@contoso.com', 'Tosh Meston', 'Analyst', 'Finance', 'Online', 'Mobile'],
  ['sip:johndoe@contoso.com', 'John Doe', 'Senior Manager', 'Sales', 'Busy', 'DeskPhone', 'on-the-phone'],
  ['sip:janedoe@contoso.com', 'Jane Doe', 'Recruiter', 'People', 'Away', 'PC'],
  ['sip:dave@contoso.com', 'Dave Ochoa', 'Developer', 'Engineering', 'Online', 'PC'],
  ['sip:erin@contoso.com', 'Erin Park', 'Developer', 'Engineering', 'IdleBusy', 'PC'],
  ['sip:frank@contoso.com', 'Frank Li', 'Tester', 'Engineering', 'Offline', 'Unknown'],
  ['sip:grace@contoso.com', 'Grace Mbeki', 'Site Reliability Engineer', 'Engineering', 'Online', 'Web'],
  ['sip:heidi@contoso.com', 'Heidi Novak', 'Security Engineer', 'Engineering', 'Busy', 'PC', 'in-a-conference'],
  ['sip:ivan@contoso.com', 'Ivan Petrov', 'Developer', 'Engineering', 'Away', 'Mobile'],
  ['sip:judy@contoso.com', 'Judy Wong', 'Sales Lead', 'Sales', 'Online', 'Mobile'],
  ['sip:mallory@contoso.com', 'Mallory Quinn', 'Account Manager', 'Sales', 'DoNotDisturb', 'PC', 'urgent-interruptions-only'],
  ['sip:niaj@contoso.com', 'Niaj Rahman', 'Sales Engineer', 'Sales', 'Online', 'PC'],
  ['sip:olivia@contoso.com', 'Olivia Santos', 'Account Manager', 'Sales', 'BeRightBack', 'Web'],
  ['sip:peggy@contoso.com', 'Peggy Tanaka', 'Partner Manager', 'Sales', 'Offline', 'Unknown', 'off-work'],
  ['sip:rupert@contoso.com', 'Rupert Umber', 'Facilities', 'Operations', 'Online', 'DeskPhone'],
  ['sip:sybil@contoso.com', 'Sybil Vance', 'Legal Counsel', 'Legal', 'Away', 'PC'],
  ['sip:trent@contoso.com', 'Trent Walsh', 'Controller', 'Finance', 'Busy', 'PC'],
];

/** People without a photo, so that clients meet both cases. */
const WITHOUT_PHOTO = new Set(['sip:ManishC@contoso.com', 'sip:frank@contoso.com']);

function address(uri: string): string {
  return uri.replace(/^sip:/i, '');
}

const PEOPLE: readonly PersonSpec[] = [
  ...ROWS.map(([uri, name, title, department, availability, deviceType, activity], index): PersonSpec => ({
    uri,
    name,
    title,
    department,
    company: 'Contoso',
    office: `${10 + (index % 30)}/${1000 + index * 7}`,
    emailAddresses: [address(uri)],
    workPhoneNumber: `tel:+1425555${String(1000 + index).padStart(4, '0')}`,
    type: 'User',
    sourceNetwork: 'SameEnterprise',
    presence: {
      availability,
      deviceType,
      lastActive: Date.UTC(2026, 0, 1) - index * 60_000,
      ...(activity === undefined ? {} : { activity }),
    },
    ...(index % 5 === 3 ? { note: { message: 'Heads down today', type: 'Personal' as const } } : {}),
    ...(index % 4 === 1 ? { location: index % 8 === 1 ? 'Building 25, Redmond' : 'Working from home' } : {}),
    ...(WITHOUT_PHOTO.has(uri) ? { photo: false } : {}),
  })),
  {
    uri: 'sip:helpdesk@contoso.com',
    name: 'Contoso Helpdesk',
    type: 'Bot',
    sourceNetwork: 'SameEnterprise',
    photo: false,
    presence: { availability: 'Online', deviceType: 'Unknown' },
  },
  {
    uri: 'sip:victor@fabrikam.com',
    name: 'Victor Xu',
    company: 'Fabrikam',
    type: 'User',
    sourceNetwork: 'Federated',
    presence: { availability: 'Away', deviceType: 'PC' },
    photo: false,
  },
];

const ALICE: AccountSpec = {
  uri: 'sip:alice@contoso.com',
  password: DEFAULT_PASSWORD,
  pinned: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com', 'sip:AlexD@contoso.com', 'sip:DanaB@contoso.com'],
  defaultGroup: [
    'sip:LeneA@contoso.com',
    'sip:ManishC@contoso.com',
    'sip:toshm@contoso.com',
    'sip:johndoe@contoso.com',
    'sip:janedoe@contoso.com',
    'sip:helpdesk@contoso.com',
    'sip:victor@fabrikam.com',
  ],
  groups: [
    {
      name: 'Engineering',
      members: ['sip:ChrisB@contoso.com', 'sip:dave@contoso.com', 'sip:erin@contoso.com', 'sip:frank@contoso.com', 'sip:grace@contoso.com', 'sip:heidi@contoso.com', 'sip:ivan@contoso.com'],
    },
    {
      name: 'Sales',
      members: ['sip:AlexD@contoso.com', 'sip:judy@contoso.com', 'sip:mallory@contoso.com', 'sip:niaj@contoso.com', 'sip:olivia@contoso.com', 'sip:peggy@contoso.com'],
    },
    { name: 'Building Friends', members: ['sip:rupert@contoso.com', 'sip:sybil@contoso.com', 'sip:trent@contoso.com'] },
  ],
  distributionGroups: [
    {
      name: 'Contoso Leadership',
      uri: 'sip:leadership@contoso.com',
      members: ['sip:DanaB@contoso.com', 'sip:SaraD@contoso.com', 'sip:carol@contoso.com', 'sip:johndoe@contoso.com'],
    },
  ],
};

const LISTS: Readonly<Record<string, Omit<AccountSpec, 'uri' | 'password'>>> = {
  'sip:bob@contoso.com': { pinned: ['sip:alice@contoso.com'], defaultGroup: ['sip:carol@contoso.com', 'sip:SaraD@contoso.com'] },
  'sip:carol@contoso.com': { pinned: ['sip:alice@contoso.com', 'sip:bob@contoso.com'], defaultGroup: ['sip:heidi@contoso.com'] },
};

/**
 * The default directory: `alice@contoso.com` (password `password`) with 26 contacts, five of
 * them pinned, the rest in "Other Contacts", three personal groups and a distribution group.
 * Every other person can sign in with the same password; Bob and Carol have small lists.
 */
export function defaultDirectory(): DirectorySpec {
  const accounts: AccountSpec[] = [ALICE];
  for (const person of PEOPLE) {
    if (person.uri === ALICE.uri || person.type === 'Bot' || person.sourceNetwork === 'Federated') continue;
    accounts.push({ uri: person.uri, password: DEFAULT_PASSWORD, ...(LISTS[person.uri] ?? {}) });
  }
  return { people: PEOPLE, accounts };
}
