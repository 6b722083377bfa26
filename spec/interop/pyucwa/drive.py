"""Drives pyucwa (vendored unchanged under spec/interop/vendor/pyucwa) against the simulator.

Run by spec/interop/pyucwa.spec.ts, which starts the simulator and reads what this script reports:
one JSON object per line on stdout ({"step": ...}), a failure as {"step": "failed", ...} and exit
status 1. It calls pyucwa's own functions from user discovery through makeMeAvailable, a presence
subscription and the event channel, asserting along the way. After reporting "subscribed" it waits
for one line on stdin (the spec has changed the contact's presence by then) and reads events until
the contact's presence shows the availability named on that line.

Where pyucwa cannot work against the documented protocol as written, this script says so and works
around only that, without touching the vendored code:
- its sign-in is Azure AD only (ucwa/auth.py, login.microsoftonline.com): the token comes from the
  pool's own MsRtcOAuth password grant instead (AuthenticationInUCWA), the href taken from the 401
  challenge of the user resource;
- ucwa/actions.py puts a uuid.UUID object in the X-MS-Correlation-Id header, which requests refuses
  (InvalidHeader: header values must be str or bytes): actions.py's uuid is replaced by one whose
  uuid1() returns the same value as a string;
- ucwa/config.py calls yaml.load without a Loader, which PyYAML 6 refuses (TypeError): config.py's
  yaml is given a load() that uses SafeLoader.

Usage: drive.py ORIGIN USER CONTACT (the password in the environment variable UCWA_PASSWORD).
"""

import json
import os
import re
import sys
import tempfile
import types
import uuid
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'vendor', 'pyucwa'))

import requests  # noqa: E402
import yaml  # noqa: E402

import ucwa.actions as actions  # noqa: E402
import ucwa.config as config_module  # noqa: E402
from ucwa.events import process_events  # noqa: E402


def report(step, **fields):
    """One progress line for the spec: never the token or the password."""
    print(json.dumps(dict(step=step, **fields)), flush=True)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


# Workaround (pyucwa bug): a uuid.UUID header value; requests accepts only str or bytes.
actions.uuid = types.SimpleNamespace(uuid1=lambda: str(uuid.uuid1()))
# Workaround (pyucwa bug): yaml.load without a Loader; PyYAML 6 requires one.
config_module.yaml = types.SimpleNamespace(load=lambda stream: yaml.load(stream, Loader=yaml.SafeLoader))


def sign_in(origin, user, password):
    """Workaround (pyucwa signs in through Azure AD only): the pool's password grant."""
    user_url = origin + '/Autodiscover/AutodiscoverService.svc/root/oauth/user'
    challenge = requests.get(user_url, headers={'Accept': 'application/json'})
    check(challenge.status_code == 401, 'anonymous user discovery answered %d, not 401' % challenge.status_code)
    header = challenge.headers.get('WWW-Authenticate', '')
    found = re.search(r'MsRtcOAuth href="([^"]+)"', header)
    check(found is not None, 'no MsRtcOAuth challenge in %r' % header)
    grant = requests.post(found.group(1), data={'grant_type': 'password', 'username': user, 'password': password})
    check(grant.status_code == 200, 'the password grant answered %d' % grant.status_code)
    body = grant.json()
    check(body.get('token_type') == 'Bearer', 'token_type %r' % body.get('token_type'))
    return body['access_token']


def load_pyucwa_config(origin):
    """pyucwa reads config.yml from the working directory; redirect_uri is its Origin and Referer."""
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix='pyucwa-') as directory:
        with open(os.path.join(directory, 'config.yml'), 'w') as f:
            yaml.safe_dump({'domain': 'contoso.com', 'client_id': 'interop-test', 'redirect_uri': origin}, f)
        os.chdir(directory)
        try:
            return config_module.load_config()
        finally:
            os.chdir(previous)


def read_events(origin, token, config, url, contact_presence_href, wanted):
    """Follows `next` as pyucwa's app.py does, handing each sender's events to process_events."""
    seen = []
    for _ in range(100):
        stream = actions.oauth_stream_request(url, token, config['redirect_uri'])
        try:
            response = stream.json()
        finally:
            stream.close()
        for sender in response.get('sender', []):
            events = sender.get('events', [])
            process_events(events, origin, token, config)
            for event in events:
                link = event.get('link', {})
                seen.append('%s %s' % (event.get('type'), link.get('rel')))
                if link.get('rel') == 'contactPresence':
                    # pyucwa's way with an event's link (events.py): the server's origin + the href.
                    presence = actions.oauth_request(origin + link['href'], token, config['redirect_uri'])
                    report('contactPresence', href=link['href'], availability=presence.get('availability'))
                    if link['href'] == contact_presence_href and presence.get('availability') == wanted:
                        return seen
        check('next' in response.get('_links', {}), 'an event response without next: %r' % response.get('_links'))
        url = origin + response['_links']['next']['href']
    raise AssertionError('no contactPresence %s in 100 event responses: %s' % (wanted, seen))


def main():
    origin, user, contact = sys.argv[1:4]
    token = sign_in(origin, user, os.environ['UCWA_PASSWORD'])
    config = load_pyucwa_config(origin)

    user_resource = actions.do_user_discovery(origin, token, config)
    applications_href = user_resource['_links']['applications']['href']
    parsed = urlparse(applications_href)
    check('%s://%s' % (parsed.scheme, parsed.netloc) == origin, 'applications at %s' % applications_href)
    report('user', applications=applications_href)

    app = actions.register_application(origin, token, config)
    check(app['_links']['self']['href'].endswith('/' + app['id']), 'application id %r' % app.get('id'))
    me_links = app['_embedded']['me']['_links']
    check('makeMeAvailable' in me_links, 'me before makeMeAvailable has %s' % sorted(me_links))
    report('application', id=app['id'], userAgent=actions.USER_AGENT)

    answer = actions.set_available(origin, app['id'], token, config)
    check(answer == {}, 'makeMeAvailable answered %r' % answer)
    me = actions.oauth_request(origin + me_links['self']['href'], token, config['redirect_uri'])
    check('presence' in me['_links'] and 'makeMeAvailable' not in me['_links'], 'me after makeMeAvailable has %s' % sorted(me['_links']))
    presence = actions.oauth_request(origin + me['_links']['presence']['href'], token, config['redirect_uri'])
    report('available', availability=presence.get('availability'))

    people = app['_embedded']['people']['_links']
    subscription = actions.oauth_post_request(
        origin + people['presenceSubscriptions']['href'], token, config['redirect_uri'],
        {'duration': 11, 'uris': [contact]})
    check(subscription.get('rel') == 'presenceSubscription' and 'memberships' in subscription.get('_links', {}),
          'presenceSubscriptions answered %r' % subscription)
    report('subscribed', subscription=subscription['_links']['self']['href'])

    wanted = sys.stdin.readline().strip()
    contact_presence_href = people['self']['href'] + '/' + contact[len('sip:'):].lower() + '/presence'
    seen = read_events(origin, token, config, origin + app['_links']['events']['href'], contact_presence_href, wanted)
    report('done', events=seen)


if __name__ == '__main__':
    try:
        main()
    except Exception as error:  # the spec shows this line as the failure
        report('failed', error='%s: %s' % (type(error).__name__, error))
        sys.exit(1)
