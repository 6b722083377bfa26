import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { injectUcwa } from 'ucwa-rx/angular';
import { EXAMPLE_SETTINGS } from './example-settings';
import { PinnedContactsComponent } from './pinned-contacts.component';
import { PresenceBadgeComponent } from './presence-badge.component';

/** The page: the connection state, one watched contact, the pinned group. */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AsyncPipe, PinnedContactsComponent, PresenceBadgeComponent],
  template: `
    <h1>Presence</h1>
    <p class="connection">Connection: <span class="connection-status">{{ (connection$ | async)?.status ?? 'idle' }}</span></p>
    <section class="watched">
      <span class="name">{{ settings.watch }}</span>
      <app-presence-badge [uri]="settings.watch" />
    </section>
    <app-pinned-contacts />
  `,
  styles: `
    .watched { display: flex; gap: 0.75rem; align-items: center; }
  `,
})
export class AppComponent {
  readonly settings = inject(EXAMPLE_SETTINGS);
  readonly connection$ = injectUcwa().connectionState$;
}
