import type { NgZone } from '@angular/core';

/**
 * The two NgZone operations the client needs. A real NgZone (zone.js) tracks what runs in it;
 * the zoneless NoopNgZone runs both functions as they are.
 */
export type ZoneRunner = Pick<NgZone, 'run' | 'runOutsideAngular'>;
