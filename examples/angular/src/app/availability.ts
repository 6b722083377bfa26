import type { Availability } from 'ucwa-rx';

/** The colour of a badge's dot for an availability (unknown values and no value: grey). */
export function availabilityColour(availability: Availability | undefined): string {
  switch (availability) {
    case 'Online':
      return '#5db825';
    case 'IdleOnline':
      return '#a4d47e';
    case 'Busy':
    case 'IdleBusy':
      return '#d93b3b';
    case 'DoNotDisturb':
      return '#9c1c1c';
    case 'Away':
    case 'BeRightBack':
      return '#f2b200';
    default:
      return '#a0a4a8';
  }
}

/** How an availability reads: `BeRightBack` becomes `Be right back`. */
export function availabilityLabel(availability: Availability): string {
  const words = availability.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
