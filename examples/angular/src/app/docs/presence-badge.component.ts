// examples/angular/src/app/docs/presence-badge.component.ts (docs/angular.md)
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { injectPresence } from 'ucwa-rx/angular';

@Component({
  selector: 'app-presence-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let state = presence();
    @switch (state.status) {
      @case ('loading') {
        <span class="badge" data-status="loading">…</span>
      }
      @case ('error') {
        <span class="badge" data-status="error" [title]="state.error.message">unknown</span>
        <button type="button" (click)="presence.reload()">Retry</button>
      }
      @default {
        <!-- live, or stale: the last value while the connection recovers -->
        <span class="badge" [attr.data-status]="state.status" [class.stale]="state.status === 'stale'">
          {{ state.value.availability }} @if (state.value.activity; as activity) { <small>{{ activity }}</small> }
        </span>
      }
    }
  `,
})
export class PresenceBadgeComponent {
  readonly uri = input.required<string>();
  readonly presence = injectPresence(() => this.uri());
}
