/**
 * A small seeded pseudo-random generator for the chaos soak: the same seed gives the same
 * sequence on every machine. Independent streams (the scenario, the fault draws) are derived
 * from one seed and a label, so that the number of requests a run makes never shifts the
 * scenario's own choices.
 */
export class Prng {
  private state: number;

  /** @param seed any integer; @param label names an independent stream of the same seed. */
  constructor(seed: number, label = '') {
    this.state = mix((seed >>> 0) ^ hashLabel(label));
  }

  /** A float in [0, 1). */
  next(): number {
    // a 32-bit xorshift-multiply step over a Weyl sequence (period 2^32, good enough for choosing faults)
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix(this.state) / 0x1_0000_0000;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key of `weights`, chosen in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= Math.max(0, weight);
      if (roll < 0) return key;
    }
    const last = entries.at(-1);
    if (!last) throw new RangeError('weighted choice from no weights');
    return last[0];
  }
}

/** A 32-bit avalanche: every input bit affects every output bit. */
function mix(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** FNV-1a of a label, so that streams of one seed differ. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
