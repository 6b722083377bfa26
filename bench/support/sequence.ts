/** A deterministic pseudo-random sequence in [0, 1): the same contacts and pauses for every client of a run. */
export function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x80000000;
  };
}
