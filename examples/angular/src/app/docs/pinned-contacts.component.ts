// examples/angular/src/app/docs/pinned-contacts.component.ts (docs/angular.md)
import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { Subject, startWith, switchMap } from 'rxjs';
import { liveState } from 'ucwa-rx';
import { injectUcwa } from 'ucwa-rx/angular';
import { PresenceBadgeComponent } from './presence-badge.component';

@Component({
  selector: 'app-pinned-contacts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AsyncPipe, PresenceBadgeComponent],
  template: `
    @if (pinned$ | async; as pinned) {
      @switch (pinned.status) {
        @case ('loading') {
          <p>Loading the pinned group…</p>
        }
        @case ('error') {
          <p>No pinned group: {{ pinned.error.message }}</p>
          <button type="button" (click)="retry$.next()">Retry</button>
        }
        @default {
          <h2 [class.stale]="pinned.status === 'stale'">{{ pinned.value.name }}</h2>
          <ul class="pinned">
            @for (contact of pinned.value.contacts; track contact.uri) {
              <li [attr.data-uri]="contact.uri">{{ contact.name ?? contact.uri }} <app-presence-badge [uri]="contact.uri" /></li>
            }
          </ul>
        }
      }
    }
  `,
})
export class PinnedContactsComponent {
  private readonly client = injectUcwa();
  readonly retry$ = new Subject<void>();
  readonly pinned$ = this.retry$.pipe(
    startWith(undefined),
    switchMap(() => this.client.pinnedGroup$.pipe(liveState(this.client))),
  );
}
