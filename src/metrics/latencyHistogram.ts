import { DOUBLE_ZERO } from "./doubleZero.js";

/**
 * A latency histogram in bounded memory: log-linear buckets in the style of HdrHistogram.
 * A value's bucket is read straight from its IEEE-754 bits: the binary exponent picks a group
 * and the top 10 mantissa bits a sub-bucket, so every bucket spans 1/1024 of its octave and a
 * reported percentile is within 0.05% of a value actually recorded in that bucket. The counts
 * cover the range of octaves seen so far, in one flat array grown as values fall outside it,
 * so memory follows the range of values (4.25 KiB per octave), not the number of samples, and
 * recording is a few integer operations and two increments, with no allocation. Counts are
 * 32-bit: a bucket holds at most MAX_BUCKET_COUNT values (a run's replication stops sooner).
 *
 * It also keeps a *window*: a coarse view (64 buckets per octave, within 0.8%) of the values
 * recorded since the last `resetWindow()`, for interval percentiles such as a timeline's p99
 * per window, as HdrHistogram's interval recorder gives them. The same `record` bumps both,
 * and resetting the window clears 64 numbers per octave, not 1024.
 *
 * Values are seconds, >= 0. Below 2^-40 s (about 1 ps) they count as 0; above 2^30 s they
 * land in the top bucket (min, max and mean stay exact).
 *
 * Until it holds RAW values it keeps them (in room doubled as they come, up to 4 KiB) and
 * buckets nothing: a percentile is then the midpoint of the bucket its value would be in, the
 * very figure the buckets would give, so a station that sees few calls (one of thousands of
 * services) costs 64 bytes to 4 KiB instead of 4.25 KiB per octave its values span (a
 * thousand draws of an exponential millisecond span 17), and the figures do not depend on when
 * it spilled. A value is kept as the high 32 bits of its double (sign, exponent and the top
 * 20 bits of the mantissa): all that its bucket depends on, and, the values being positive, in
 * the same order as the values.
 */

/** The most values one bucket counts (32-bit counts); `simulate` bounds a replication's events below it. */
export const MAX_BUCKET_COUNT = 2 ** 32 - 1;

const SUB_BITS = 10;
const SUB_BUCKETS = 1 << SUB_BITS;
const WINDOW_BITS = 6;
const MIN_EXPONENT = -40;
const MAX_EXPONENT = 30;
const GROUPS = MAX_EXPONENT - MIN_EXPONENT + 1;
const BIAS = 1023;
/**
 * Nonzero values kept (their high words) before the histogram spills them into its buckets:
 * 4 KiB, never more than one octave of buckets, so keeping them never costs more room.
 */
const RAW = 1024;
/**
 * Room for the first kept values, doubled as they come up to RAW: 64 bytes, which V8 keeps in
 * its heap, so a histogram that sees nothing (most of a 5,000-service estate's in a short run)
 * costs neither an off-heap buffer nor the garbage collections its external memory sets off.
 */
const RAW_FIRST = 16;

/**
 * The counts of a histogram that covers no octave yet, shared: nothing writes into an empty
 * array, and `cover` replaces them with arrays of the histogram's own. Two, so that a
 * histogram's fine and window counts are never the same array (`find` tells them apart).
 */
const NO_COUNTS = new Uint32Array(0);
const NO_WINDOW_COUNTS = new Uint32Array(0);

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
/** Index of the word holding the sign, exponent and top mantissa bits. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The fine bucket of a positive value of at least 2^-40, counted from 2^-40 (its group, then
 * the top SUB_BITS mantissa bits), from its high word; past 2^30, the top bucket.
 */
function fineBucket(high: number): number {
  const group = ((high >>> 20) & 0x7ff) - BIAS - MIN_EXPONENT;
  if (group >= GROUPS) return (GROUPS << SUB_BITS) - 1;
  return (group << SUB_BITS) | ((high >>> (20 - SUB_BITS)) & (SUB_BUCKETS - 1));
}

/**
 * Latency figures in seconds: the mean, percentiles and maximum of the values recorded, and
 * how many there were (so a reader knows how far a p999 can be trusted).
 */
export interface PercentileSummary {
  /** Values recorded. */
  samples: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * Latency percentiles in bounded memory (the design is described above): `record` values in
 * seconds, read `percentile(p)` or the `summary()`.
 * @example
 * const h = new LatencyHistogram();
 * for (const v of [0.010, 0.012, 0.250]) h.record(v);
 * h.percentile(50); // ≈ 0.012 (within 0.05%)
 * h.summary().p99;
 */
export class LatencyHistogram {
  // Counts for the groups (octaves) lo .. lo + span - 1, grown as values arrive: SUB_BUCKETS
  // per group in `counts`, WINDOW_BUCKETS per group in `windowCounts`. One flat array each,
  // so recording is two increments at computed offsets.
  // 32-bit counts: half the memory of doubles, and a bucket cannot overflow in a run (simulate
  // stops a replication at fewer than 2^32 events; see MAX_BUCKET_COUNT).
  private counts = NO_COUNTS;
  private windowCounts = NO_WINDOW_COUNTS;
  private lo = 0;
  private span = 0;
  /**
   * The nonzero values recorded so far, while there are at most RAW of them; null once they
   * have spilled into the buckets. Kept with span 0, so `record` takes the slow path for them.
   */
  private raw: Uint32Array | null = new Uint32Array(RAW_FIRST);
  private rawCount = 0;
  /** The kept values in order, for the whole histogram's percentiles; null: not sorted since the last kept. */
  private sorted: Uint32Array | null = null;
  /** lo plus the exponent bias: a value's biased exponent minus `base` is its group index. */
  private base = BIAS + MIN_EXPONENT;
  private zeros = 0;
  private total = 0;
  private sum = DOUBLE_ZERO;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;
  // The window: values since the last resetWindow().
  private windowZeros = 0;
  private windowTotal = 0;
  // Where the last percentile read of `counts` stopped: the bucket, and the values up to and
  // in it; valid while `total` is as it was then (-1: never).
  private cursorTotal = -1;
  private cursorIndex = 0;
  private cursorSeen = 0;

  /** Values recorded. */
  get count(): number {
    return this.total;
  }

  /** Their mean, exact (0 with none). */
  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** The smallest, exact (0 with none). */
  get min(): number {
    return this.total === 0 ? 0 : this.minValue;
  }

  /** The largest, exact (0 with none). */
  get max(): number {
    return this.total === 0 ? 0 : this.maxValue;
  }

  /** Values recorded since the last `resetWindow()` (or `reset()`). */
  get windowCount(): number {
    return this.windowTotal;
  }

  /** Record one value, in seconds (>= 0). */
  record(value: number): void {
    // Kept small, so the JIT inlines it where it is called (an out-of-line call would also box
    // the number); values outside the covered octaves, zeros and negatives go to indexOutside.
    this.total++;
    this.windowTotal++;
    this.sum += value;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    scratch[0] = value;
    const high = words[HIGH]!;
    // The sign bit is kept above the exponent, so a negative value lands outside the range.
    const g = (high >>> 20) - this.base;
    // The fine bucket's index: the group, then the top SUB_BITS mantissa bits. Its window bucket
    // is the same index without the low SUB_BITS - WINDOW_BITS bits.
    const i =
      g >= 0 && g < this.span
        ? (g << SUB_BITS) | ((high >>> (20 - SUB_BITS)) & (SUB_BUCKETS - 1))
        : this.indexOutside(value, high);
    if (i < 0) return;
    this.counts[i]!++;
    this.windowCounts[i >>> (SUB_BITS - WINDOW_BITS)]!++;
  }

  /**
   * The bucket index of a value below 2^-40, not positive, above 2^30, or in an octave not yet
   * covered (growing the range to cover it); -1 for a value counted as zero.
   */
  private indexOutside(value: number, high: number): number {
    if (((high >>> 20) & 0x7ff) - BIAS - MIN_EXPONENT < 0 || !(value > 0)) {
      this.zeros++;
      this.windowZeros++;
      return -1;
    }
    if (this.raw !== null && this.keep(high)) return -1;
    return this.indexOf(high);
  }

  /** The bucket index of a positive value of at least 2^-40, from its high word (growing the range to cover it). */
  private indexOf(high: number): number {
    const bucket = fineBucket(high);
    const group = bucket >>> SUB_BITS;
    let g = group - this.lo;
    if (g < 0 || g >= this.span) g = this.cover(group, group);
    return (g << SUB_BITS) | (bucket & (SUB_BUCKETS - 1));
  }

  /**
   * The value at percentile `p` (0 < p <= 100): the midpoint of the bucket holding the
   * ⌈p/100 · n⌉-th smallest value, clamped to the recorded min and max. 0 when empty.
   */
  percentile(p: number): number {
    const rank = rankOf(p, this.total);
    if (rank === 0) return 0;
    if (rank >= this.total) return this.maxValue;
    if (this.zeros >= rank) return this.min;
    if (this.raw !== null) return this.rawPercentile(rank - this.zeros, this.rawCount, SUB_BITS);
    const mid = this.find(rank - this.zeros, this.counts, SUB_BITS);
    return Math.min(this.maxValue, Math.max(this.minValue, mid));
  }

  /**
   * The value at percentile `p` of the window (the values since the last `resetWindow()`):
   * the midpoint of a bucket 1/64 of an octave wide, so within 0.8%, clamped to the whole
   * histogram's min and max. 0 when the window is empty.
   */
  windowPercentile(p: number): number {
    const rank = rankOf(p, this.windowTotal);
    if (rank === 0 || this.windowZeros >= rank) return 0;
    if (this.raw !== null)
      return this.rawPercentile(
        rank - this.windowZeros,
        this.windowTotal - this.windowZeros,
        WINDOW_BITS,
      );
    const mid = this.find(rank - this.windowZeros, this.windowCounts, WINDOW_BITS);
    return Math.min(this.maxValue, Math.max(this.minValue, mid));
  }

  /**
   * While the values are kept as they are: the midpoint of the bucket (2^bits a group) of the
   * rank-th smallest of the last `last` nonzero values, clamped as the buckets' figure is.
   */
  private rawPercentile(rank: number, last: number, bits: number): number {
    let values: Uint32Array;
    if (last === this.rawCount) {
      // The whole histogram's: sorted once for every percentile read until the next value.
      this.sorted ??= this.raw!.slice(0, this.rawCount).sort();
      values = this.sorted;
    } else values = this.raw!.slice(this.rawCount - last, this.rawCount).sort();
    const bucket = fineBucket(values[rank - 1]!);
    const group = bucket >>> SUB_BITS;
    const sub = bucket & (SUB_BUCKETS - 1);
    const n = 1 << bits;
    const k = sub >>> (SUB_BITS - bits);
    const low = 2 ** (group + MIN_EXPONENT) * (1 + k / n);
    const mid = low * (1 + 0.5 / n / (1 + k / n));
    return Math.min(this.maxValue, Math.max(this.minValue, mid));
  }

  /** Keep a value (its high word) while there is room (true); else spill them all (false). */
  private keep(high: number): boolean {
    if (this.rawCount < RAW) {
      let raw = this.raw!;
      if (this.rawCount === raw.length) {
        raw = new Uint32Array(raw.length * 2);
        raw.set(this.raw!);
        this.raw = raw;
      }
      raw[this.rawCount++] = high;
      this.sorted = null;
      return true;
    }
    this.spill(1);
    return false;
  }

  /**
   * From values kept as they are to buckets: each into its bucket, the window's into theirs.
   * `pending`: 1 when a value being recorded (counted, not yet kept) set it off.
   */
  private spill(pending: number): void {
    const raw = this.raw!;
    const count = this.rawCount;
    this.raw = null;
    this.rawCount = 0;
    this.sorted = null;
    // The window's nonzero values are the last ones recorded.
    const windowFrom = count - (this.windowTotal - this.windowZeros - pending);
    for (let k = 0; k < count; k++) {
      const i = this.indexOf(raw[k]!);
      this.counts[i]!++;
      if (k >= windowFrom) this.windowCounts[i >>> (SUB_BITS - WINDOW_BITS)]!++;
    }
  }

  /** The midpoint of the bucket holding the rank-th nonzero value (2^bits buckets a group). */
  private find(rank: number, counts: Uint32Array, bits: number): number {
    const n = 1 << bits;
    let seen = 0;
    let i = 0;
    // Percentiles are read in increasing order (a summary, a distribution's 101 levels): go
    // on from where the last read of the same counts, unchanged since, stopped.
    const cursor = counts === this.counts && this.cursorTotal === this.total;
    if (cursor && rank > this.cursorSeen) {
      i = this.cursorIndex + 1;
      seen = this.cursorSeen;
    }
    for (; i < counts.length; i++) {
      seen += counts[i]!;
      if (seen >= rank) {
        if (counts === this.counts) {
          this.cursorTotal = this.total;
          this.cursorIndex = i;
          this.cursorSeen = seen;
        }
        const g = this.lo + (i >>> bits);
        const s = i & (n - 1);
        const low = 2 ** (g + MIN_EXPONENT) * (1 + s / n);
        return low * (1 + 0.5 / n / (1 + s / n));
      }
    }
    return this.maxValue;
  }

  /**
   * Grow the covered groups to include `from` .. `to`, with two octaves to spare on the
   * side that grew (values seldom jump far), and return `from`'s index in the new range.
   */
  private cover(from: number, to: number): number {
    const oldLo = this.lo;
    const oldSpan = this.span;
    let lo = oldSpan === 0 ? from : Math.min(oldLo, from);
    let hi = oldSpan === 0 ? to : Math.max(oldLo + oldSpan - 1, to);
    if (oldSpan > 0 && lo < oldLo) lo = Math.max(0, lo - 2);
    if (oldSpan > 0 && hi > oldLo + oldSpan - 1) hi = Math.min(GROUPS - 1, hi + 2);
    const span = hi - lo + 1;
    this.cursorTotal = -1;
    const counts = new Uint32Array(span << SUB_BITS);
    const windowCounts = new Uint32Array(span << WINDOW_BITS);
    if (oldSpan > 0) {
      counts.set(this.counts, (oldLo - lo) << SUB_BITS);
      windowCounts.set(this.windowCounts, (oldLo - lo) << WINDOW_BITS);
    }
    this.counts = counts;
    this.windowCounts = windowCounts;
    this.lo = lo;
    this.span = span;
    this.base = BIAS + MIN_EXPONENT + lo;
    return from - lo;
  }

  /** The count, mean, p50, p90, p95, p99, p999 and max together. */
  summary(): PercentileSummary {
    return {
      samples: this.total,
      mean: this.mean,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: this.max,
    };
  }

  /** Add every value recorded in `other` to this histogram (its window is left as it is). */
  add(other: LatencyHistogram): void {
    this.cursorTotal = -1;
    if (this.raw !== null) this.spill(0);
    if (other.raw !== null) {
      // Its values into this one's buckets (not its window): as if recorded here, counts only.
      for (let k = 0; k < other.rawCount; k++) {
        // The index first: finding it may grow (replace) the counts.
        const i = this.indexOf(other.raw[k]!);
        this.counts[i]!++;
      }
    }
    this.total += other.total;
    this.sum += other.sum;
    this.zeros += other.zeros;
    if (other.total > 0) {
      this.minValue = Math.min(this.minValue, other.minValue);
      this.maxValue = Math.max(this.maxValue, other.maxValue);
    }
    if (other.span === 0) return;
    const otherHi = other.lo + other.span - 1;
    if (this.span === 0 || other.lo < this.lo || otherHi > this.lo + this.span - 1) {
      this.cover(other.lo, otherHi);
    }
    const offset = (other.lo - this.lo) << SUB_BITS;
    const theirs = other.counts;
    const mine = this.counts;
    for (let i = 0; i < theirs.length; i++) mine[offset + i]! += theirs[i]!;
  }

  /** Start a new window: forget the window's values, keeping the whole histogram's. */
  resetWindow(): void {
    if (this.windowTotal === 0) return;
    this.windowCounts.fill(0);
    this.windowZeros = 0;
    this.windowTotal = 0;
  }

  /** Forget every value, keeping the covered range for reuse. */
  reset(): void {
    this.cursorTotal = -1;
    this.rawCount = 0;
    this.sorted = null;
    this.counts.fill(0);
    this.windowCounts.fill(0);
    this.zeros = this.windowZeros = 0;
    this.total = this.windowTotal = 0;
    this.sum = DOUBLE_ZERO;
    this.minValue = Number.POSITIVE_INFINITY;
    this.maxValue = Number.NEGATIVE_INFINITY;
  }
}

/** The nearest rank ⌈p/100 · n⌉ (at least 1), or 0 for an empty sample. */
function rankOf(p: number, n: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  return n === 0 ? 0 : Math.max(1, Math.ceil((p / 100) * n));
}
