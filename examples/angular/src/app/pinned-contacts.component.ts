import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { injectUcwa } from 'ucwa-rx/angular';
import { PresenceBadgeComponent } from './presence-badge.component';

/** The pinned group, live, with a presence badge per contact. Built with the `async` pipe. */
@Component({
  selector: 'app-pinned-contacts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AsyncPipe, PresenceBadgeComponent],
  template: `
    @if (pinned$ | async; as pinned) {
      <h2>{{ pinned.name }}</h2>
      <ul class="pinned">
        @for (contact of pinned.contacts; track contact.uri) {
          <li [attr.data-uri]="contact.uri">
            <span class="name">{{ contact.name ?? contact.uri }}</span>
            <app-presence-badge [uri]="contact.uri" />
          </li>
        } @empty {
          <li>No pinned contacts.</li>
        }
      </ul>
    } @else {
      <p>Loading the pinned group…</p>
    }
  `,
  styles: `
    .name { min-width: 10rem; }
  `,
})
export class PinnedContactsComponent {
  /** `{ id, name, contacts }`, updated as contacts are pinned and unpinned. */
  readonly pinned$ = injectUcwa().pinnedGroup$;
}
