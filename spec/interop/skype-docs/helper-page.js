/*
 * Our page for the interop test of Microsoft's UCWA helper libraries (vendored unchanged under
 * spec/interop/vendor/skype-docs, loaded before this file with jQuery 1.12.4 from npm). It uses only
 * their public objects (Main, AutoDiscovery, Authentication, Transport, Cache, Events): every request
 * goes through their Transport, by postMessage to the cross-domain frame the simulator serves.
 *
 * What it did is reported in window.interop.steps ({step, ...}) for spec/interop/skype-docs.spec.ts,
 * which calls window.interop.setMyPresence, search and showMyPhoto once signed in.
 *
 * Where the libraries depart from the protocol, as written: their event loop (Events.js) follows only
 * `next` and `resync`; after a `resume` link (the pool dropped the application's transient state) it
 * stops reading events. The test does not force one.
 */
(function () {
  'use strict';

  var query = new URLSearchParams(location.search);
  var username = query.get('user');
  var password = query.get('password');
  var contact = query.get('contact');
  var steps = [];

  function report(step, fields) {
    var entry = $.extend({ step: step }, fields || {});
    steps.push(entry);
    $('#steps').append($('<li></li>').text(JSON.stringify(entry)));
  }

  /** The application resource as the helpers cached it after sign-in. */
  function application() {
    return ucwa.Cache.read({ id: 'main' });
  }

  /** A request through the helpers' Transport; resolves with its result ({status, statusText, results, ...}). */
  function request(options) {
    var deferred = $.Deferred();
    ucwa.Transport.clientRequest($.extend({}, options, { callback: deferred.resolve }));
    return deferred.promise();
  }

  var ucwa = new microsoft.rtc.ucwa.samples.Main();

  function watchEvents() {
    // contactPresence updated: read the contact's presence through its (relative) link, as the events page shows.
    ucwa.Events.addEventHandlers({ rel: 'contactPresence' }, {
      updated: function (event) {
        request({ url: event.link.href, type: 'get' }).done(function (result) {
          report('contactPresence', { href: event.link.href, status: result.status, availability: result.results && result.results.availability });
        });
      },
    });
    // My own presence: added by makeMeAvailable, updated when I set it.
    ucwa.Events.addEventHandlers({ rel: 'presence' }, {
      started: readMyPresence,
      updated: readMyPresence,
    });
    ucwa.Events.addEventHandlers({ rel: 'presenceSubscription' }, {
      started: function (event) {
        report('presenceSubscriptionEvent', { type: event.type, href: event.link.href });
      },
    });
    ucwa.Events.startEvents();
  }

  function readMyPresence(event) {
    request({ url: event.link.href, type: 'get' }).done(function (result) {
      report('myPresence', { type: event.type, status: result.status, availability: result.results && result.results.availability });
    });
  }

  function subscribe() {
    application().done(function (app) {
      request({
        url: app._embedded.people._links.presenceSubscriptions.href,
        type: 'post',
        data: { duration: 11, uris: [contact] },
      }).done(function (result) {
        report('subscribed', { status: result.status, href: result.results && result.results._links.self.href });
      });
    });
  }

  function signIn(link) {
    ucwa.Authentication.setCredentials(username, password);
    ucwa.Authentication.start(link, ucwa.createApplication(), function (authenticated, data) {
      if (!authenticated) {
        report('failed', { during: 'sign-in', status: data && data.status });
        return;
      }
      application().done(function (app) {
        report('signedIn', {
          status: data.status,
          application: app._links.self.href,
          meLinks: Object.keys(app._embedded.me._links).sort(),
          domain: ucwa.Transport.getDomain(),
        });
        watchEvents();
        subscribe();
      });
    });
  }

  window.interop = {
    steps: steps,
    /** POST me/presence (SetMyPresenceInformation). */
    setMyPresence: function (availability) {
      application().done(function (app) {
        request({ url: app._embedded.me._links.presence.href, type: 'post', data: { availability: availability } }).done(function (result) {
          report('presenceSet', { status: result.status, statusText: result.statusText });
        });
      });
    },
    /** GET people/search (SearchForUsersContact). */
    search: function (text) {
      application().done(function (app) {
        request({ url: app._embedded.people._links.search.href + '?query=' + encodeURIComponent(text) + '&limit=3', type: 'get' }).done(function (result) {
          var found = result.results && result.results._embedded ? [].concat(result.results._embedded.contact || []) : [];
          report('searched', {
            status: result.status,
            contacts: found.map(function (person) { return { name: person.name, uri: person.uri }; }),
          });
        });
      });
    },
  };

  /** My photo as an <img> at the Transport's domain + me's photo href, as the photo sample shows it (the cwt_ucwa cookie signs it in). */
  window.interop.showMyPhoto = function () {
    application().done(function (app) {
      var image = new Image();
      image.onload = function () {
        report('photo', { loaded: true, width: image.naturalWidth, height: image.naturalHeight });
      };
      image.onerror = function () {
        report('photo', { loaded: false });
      };
      image.src = ucwa.Transport.getDomain() + app._embedded.me._links.photo.href;
      $('#photo').append(image);
    });
  };

  $(function () {
    report('started');
    ucwa.AutoDiscovery.startDiscovery(username.split('@')[1], $('#container'), function (link) {
      if (!link) {
        report('failed', { during: 'discovery' });
        return;
      }
      report('discovered', { user: link });
      signIn(link);
    });
  });
})();
