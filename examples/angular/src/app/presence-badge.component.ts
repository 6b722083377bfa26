import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of, startWith, switchMap, type Observable } from 'rxjs';
import type { ContactPresence } from 'ucwa-rx';
import { injectUcwa } from 'ucwa-rx/angular';
import { availabilityColour, availabilityLabel } from './availability';

/** What a badge shows: nothing known yet, a presence, or why there is none. */
type BadgeState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'presence'; readonly presence: ContactPresence }
  | { readonly kind: 'error'; readonly message: string };

const LOADING: BadgeState = { kind: 'loading' };

/**
 * A contact's live presence: a coloured dot, the availability and the activity. Built with
 * `toSignal`: the `uri` input becomes an Observable, each URI is switched to `presence$`.
 */
@Component({
  selector: 'app-presence-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="badge" [attr.data-state]="state().kind" [attr.data-availability]="availability()" [attr.title]="uri()">
      <span class="dot" aria-hidden="true" [style.background]="colour()"></span>
      <span class="availability">{{ label() }}</span>
      @if (activity(); as activity) {
        <span class="activity">{{ activity }}</span>
      }
    </span>
  `,
  styles: `
    .badge { display: inline-flex; gap: 0.4rem; align-items: center; font-size: 0.9rem; }
    .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; }
    .activity { color: #656d76; }
  `,
})
export class PresenceBadgeComponent {
  /** The contact's SIP URI, e.g. `sip:bob@contoso.com`. */
  readonly uri = input.required<string>();

  private readonly client = injectUcwa();

  /** The badge's state, following the input: a new URI starts over with `loading`. */
  readonly state = toSignal(
    toObservable(this.uri).pipe(switchMap((uri) => this.presenceState(uri))),
    { initialValue: LOADING },
  );

  readonly availability = computed(() => {
    const state = this.state();
    return state.kind === 'presence' ? state.presence.availability : undefined;
  });
  readonly colour = computed(() => availabilityColour(this.availability()));
  readonly label = computed(() => {
    const state = this.state();
    if (state.kind === 'loading') return '…';
    if (state.kind === 'error') return 'Unknown';
    return availabilityLabel(state.presence.availability);
  });
  /** The activity, unless it only repeats the availability (`Away`, `Away`); for an error, its message. */
  readonly activity = computed(() => {
    const state = this.state();
    if (state.kind === 'error') return state.message;
    const activity = state.kind === 'presence' ? state.presence.activity : undefined;
    return activity?.toLowerCase() === this.label().toLowerCase() ? undefined : activity;
  });

  private presenceState(uri: string): Observable<BadgeState> {
    return this.client.presence$(uri).pipe(
      map((presence): BadgeState => ({ kind: 'presence', presence })),
      startWith(LOADING),
      // A typed UcwaError (e.g. the contact does not exist): show it instead of failing the signal.
      catchError((error: unknown) => of<BadgeState>({ kind: 'error', message: error instanceof Error ? error.message : String(error) })),
    );
  }
}
