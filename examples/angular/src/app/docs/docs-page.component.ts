import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { injectUcwa } from 'ucwa-rx/angular';
import { EXAMPLE_SETTINGS } from '../example-settings';
import { PinnedContactsComponent } from './pinned-contacts.component';
import { PresenceBadgeComponent } from './presence-badge.component';

/**
 * `?view=docs`: the recipes of docs/angular.md as they are written there, with the connection
 * state bound first (as the docs suggest), so that a development build checks them for NG0100.
 */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AsyncPipe, PinnedContactsComponent, PresenceBadgeComponent],
  template: `
    <p class="connection">Connection: <span class="connection-status">{{ (connection$ | async)?.status }}</span></p>
    <p class="docs-inline">{{ settings.watch }}: {{ (watched$ | async)?.availability ?? '…' }}</p>
    <section class="docs-watched">
      <span class="name">{{ settings.watch }}</span>
      <app-presence-badge [uri]="settings.watch" />
    </section>
    <app-pinned-contacts />
  `,
})
export class DocsPageComponent {
  readonly settings = inject(EXAMPLE_SETTINGS);
  private readonly client = injectUcwa();
  readonly connection$ = this.client.connectionState$;
  /** Subscribed by the same template, after the connection state: the case NG0100 was reported for. */
  readonly watched$ = this.client.presence$(this.settings.watch);
}
