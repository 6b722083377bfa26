// examples/angular/src/app/docs/presence-badge.component.spec.ts (docs/angular.md): `npx ng test`
import { TestBed } from '@angular/core/testing';
import { provideUcwaTesting } from 'ucwa-rx/angular';
import { FakeUcwaClient } from 'ucwa-rx/testing';
import { PresenceBadgeComponent } from './presence-badge.component';

describe('PresenceBadgeComponent', () => {
  let ucwa: FakeUcwaClient;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideUcwaTesting()] });
    ucwa = TestBed.inject(FakeUcwaClient);
  });

  async function render(uri: string) {
    const fixture = TestBed.createComponent(PresenceBadgeComponent);
    fixture.componentRef.setInput('uri', uri);
    await fixture.whenStable();
    return fixture;
  }

  const badge = (element: HTMLElement) => element.querySelector('.badge') as HTMLElement;

  it('shows loading, then the presence', async () => {
    const fixture = await render('sip:bob@contoso.com');
    expect(badge(fixture.nativeElement).dataset['status']).toBe('loading');

    ucwa.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    await fixture.whenStable();
    expect(badge(fixture.nativeElement).dataset['status']).toBe('live');
    expect(badge(fixture.nativeElement).textContent).toContain('Busy');
    expect(badge(fixture.nativeElement).textContent).toContain('on-the-phone');
  });

  it('shows the last value as stale while the connection recovers', async () => {
    ucwa.setPresence('sip:bob@contoso.com', { availability: 'Online' });
    const fixture = await render('sip:bob@contoso.com');
    ucwa.setConnectionState({ status: 'reconnecting', reason: new Error('offline') as never, attempt: 1, retryInMs: 1000 });
    await fixture.whenStable();
    expect(badge(fixture.nativeElement).dataset['status']).toBe('stale');
    expect(badge(fixture.nativeElement).classList).toContain('stale');
  });

  it('shows an error with a Retry button that subscribes again', async () => {
    const fixture = await render('sip:nobody@contoso.com');
    ucwa.failPresence('sip:nobody@contoso.com', new Error('no such person'));
    await fixture.whenStable();
    expect(badge(fixture.nativeElement).dataset['status']).toBe('error');
    expect(badge(fixture.nativeElement).title).toBe('no such person');

    ucwa.setPresence('sip:nobody@contoso.com', { availability: 'Away' });
    (fixture.nativeElement.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(badge(fixture.nativeElement).dataset['status']).toBe('live');
    expect(ucwa.watchers('sip:nobody@contoso.com')).toBe(1);
  });
});
