import seedrandom from "seedrandom";

/**
 * A source of uniform numbers in [0, 1). Every random choice in meshsim draws from one of these,
 * obtained by name from a `RandomSource`; nothing uses a global generator.
 */
export interface RandomStream {
  /** The stream's name, as given to `RandomSource.stream`. */
  readonly name: string;
  /** The next uniform number in [0, 1). */
  next(): number;
}

/**
 * Named, independent, reproducible random streams derived from one run seed.
 *
 * A stream's draws depend only on the run seed and the stream's name, so adding a service or
 * changing one parameter leaves every other stream's draws unchanged (common random numbers).
 * Streams use seedrandom's Alea generator: fast, with a period far beyond any run here.
 */
export class RandomSource {
  readonly seed: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number) {
    if (!Number.isFinite(seed))
      throw new RangeError(`RandomSource: seed must be finite, got ${seed}`);
    this.seed = seed;
  }

  /**
   * The stream called `name` (for example `"payment/service-time"`). Asking twice for the same
   * name returns the same stream, continuing where it left off.
   */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = createStream(this.seed, name);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/**
 * A fresh stream for `(seed, name)`, independent of any `RandomSource`'s cache.
 *
 * @example
 * const arrivals = createStream(42, "arrivals");
 * arrivals.next(); // in [0, 1), the same for the same seed and name
 */
export function createStream(seed: number, name: string): RandomStream {
  // Alea's generator reads its state from its closure, not `this`, so it can be the method
  // itself: one call per draw instead of two.
  const prng = seedrandom.alea(`${seed}\u0000${name}`);
  return { name, next: prng };
}

/**
 * The seed of replication `index` of a run seeded with `seed`: a deterministic, well-mixed
 * 32-bit integer, so replications are independent of each other and reproducible.
 *
 * @example
 * deriveSeed(42, 1); // the seed of replication 1 of a run seeded 42
 */
export function deriveSeed(seed: number, index: number): number {
  const prng = seedrandom.alea(`${seed}\u0000replication\u0000${index}`);
  return Math.floor(prng() * 2 ** 32);
}
