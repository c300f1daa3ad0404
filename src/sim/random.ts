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
  return new AleaStream(name, aleaState(`${seed}\u0000${name}`));
}

/**
 * The state seedrandom's Alea starts from for `seed` (Baagøe's seeding: s0, s1 and s2 are Mash
 * hashes of " ", each less a Mash hash of the seed, one Mash carrying on from call to call),
 * worked out without the closures seedrandom makes for every stream. The same arithmetic, so
 * the same state, bit for bit (a property test holds it to seedrandom's); over 5,000 services a
 * world makes thousands of streams.
 */
function aleaState(seed: string): { s0: number; s1: number; s2: number; c: number } {
  mashN = 0xefc8249d;
  let s0 = mash(" ");
  let s1 = mash(" ");
  let s2 = mash(" ");
  s0 -= mash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= mash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= mash(seed);
  if (s2 < 0) s2 += 1;
  return { s0, s1, s2, c: 1 };
}

/** Mash's running state: a double, carried from one `mash` call to the next. */
let mashN = 0;

/** Baagøe's Mash over `data`, continuing from `mashN`: a number in [0, 1). */
function mash(data: string): number {
  let n = mashN;
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  mashN = n;
  return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
}

/**
 * Alea's recurrence (Baagøe's, as seedrandom implements it) on the state seedrandom's seeding
 * gives, so the draws are seedrandom's own, number for number (a test holds them to it). A
 * class of its own rather than seedrandom's closure: every stream's `next` is then one method,
 * which the JIT inlines where a draw is made, where each of seedrandom's streams is a closure of
 * its own behind a property (20 million draws over 10,000 streams: 89 against 192 ms; see
 * docs/architecture.md).
 */
class AleaStream implements RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c: number;
  constructor(
    readonly name: string,
    state: { s0: number; s1: number; s2: number; c: number },
  ) {
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }
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
