import { InjectionToken } from '@angular/core';

/** How the example runs, read from the page's query string. */
export interface ExampleSettings {
  /** `?discovery=`: the autodiscovery URL of a UCWA pool or simulator. */
  readonly discoveryUrl: string;
  /** `?watch=`: the SIP URI of the contact shown at the top. */
  readonly watch: string;
  /** `?cd=zone|zoneless`: change detection; zone.js when it is loaded, unless `zoneless` is asked for. */
  readonly changeDetection: 'zone' | 'zoneless';
  /** `?view=docs`: the recipes of docs/angular.md; otherwise the example's own page. */
  readonly view: 'example' | 'docs';
}

/** The example's settings, provided at bootstrap. */
export const EXAMPLE_SETTINGS = new InjectionToken<ExampleSettings>('EXAMPLE_SETTINGS');

/** A simulator started with `npx ucwa-rx simulator --port 4000`. */
export const DEFAULT_DISCOVERY_URL = 'http://127.0.0.1:4000/autodiscover/autodiscoverservice.svc/root';

/** The settings in `search` (a `location.search`); `zoneLoaded` tells whether zone.js is on the page. */
export function readExampleSettings(search: string, zoneLoaded: boolean): ExampleSettings {
  const query = new URLSearchParams(search);
  return {
    discoveryUrl: query.get('discovery') ?? DEFAULT_DISCOVERY_URL,
    watch: query.get('watch') ?? 'sip:bob@contoso.com',
    changeDetection: zoneLoaded && query.get('cd') !== 'zoneless' ? 'zone' : 'zoneless',
    view: query.get('view') === 'docs' ? 'docs' : 'example',
  };
}
