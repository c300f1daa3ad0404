import { DOUBLE_ZERO } from "./doubleZero.js";

/**
 * A latency histogram in bounded memory: log-linear buckets in the style of HdrHistogram.
 * A value's bucket is read straight from its IEEE-754 bits: the binary exponent picks a group
 * and the top 10 mantissa bits a sub-bucket, so every bucket spans 1/1024 of its octave and a
 * reported percentile is within 0.05% of a value actually recorded in that bucket. Groups
 * are allocated on first use, so memory follows the range of values seen (8.5 KiB per octave),
 * not the number of samples. Recording is a few integer operations, with no allocation.
 *
 * It also keeps a *window*: a coarse view (64 buckets per octave, within 0.8%) of the values
 * recorded since the last `resetWindow()`, for interval percentiles such as a timeline's p99
 * per window, as HdrHistogram's interval recorder gives them. The window's counts sit beside
 * the fine ones in the same group array and are bumped by the same `record`: one call records
 * a value for both, and resetting the window clears 64 numbers per octave, not 1024.
 *
 * Values are seconds, >= 0. Below 2^-40 s (about 1 ps) they count as 0; above 2^30 s they
 * land in the top bucket (min, max and mean stay exact).
 */

const SUB_BITS = 10;
const SUB_BUCKETS = 1 << SUB_BITS;
const WINDOW_BITS = 6;
const WINDOW_BUCKETS = 1 << WINDOW_BITS;
/** A group's array: SUB_BUCKETS fine counts, then WINDOW_BUCKETS window counts. */
const GROUP_LENGTH = SUB_BUCKETS + WINDOW_BUCKETS;
const MIN_EXPONENT = -40;
const MAX_EXPONENT = 30;
const GROUPS = MAX_EXPONENT - MIN_EXPONENT + 1;
const BIAS = 1023;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
/** Index of the word holding the sign, exponent and top mantissa bits. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

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

export class LatencyHistogram {
  private readonly groups: (Float64Array | undefined)[] = new Array(GROUPS);
  private readonly groupCounts = new Float64Array(GROUPS);
  private zeros = 0;
  private total = 0;
  private sum = DOUBLE_ZERO;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = DOUBLE_ZERO;
  // The window: values since the last resetWindow().
  private readonly windowGroupCounts = new Float64Array(GROUPS);
  private windowZeros = 0;
  private windowTotal = 0;

  get count(): number {
    return this.total;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  get min(): number {
    return this.total === 0 ? 0 : this.minValue;
  }

  get max(): number {
    return this.total === 0 ? 0 : this.maxValue;
  }

  /** Values recorded since the last `resetWindow()` (or `reset()`). */
  get windowCount(): number {
    return this.windowTotal;
  }

  record(value: number): void {
    this.total++;
    this.windowTotal++;
    this.sum += value;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    scratch[0] = value;
    const high = words[HIGH]!;
    let group = ((high >>> 20) & 0x7ff) - BIAS - MIN_EXPONENT;
    if (group < 0 || value <= 0) {
      this.zeros++;
      this.windowZeros++;
      return;
    }
    let sub = (high >>> (20 - SUB_BITS)) & (SUB_BUCKETS - 1);
    if (group >= GROUPS) {
      group = GROUPS - 1;
      sub = SUB_BUCKETS - 1;
    }
    let counts = this.groups[group];
    if (counts === undefined) {
      counts = new Float64Array(GROUP_LENGTH);
      this.groups[group] = counts;
    }
    counts[sub]!++;
    counts[SUB_BUCKETS + (sub >>> (SUB_BITS - WINDOW_BITS))]!++;
    this.groupCounts[group]!++;
    this.windowGroupCounts[group]!++;
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
    const mid = this.find(rank - this.zeros, this.groupCounts, 0, SUB_BUCKETS);
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
    const mid = this.find(
      rank - this.windowZeros,
      this.windowGroupCounts,
      SUB_BUCKETS,
      WINDOW_BUCKETS,
    );
    return Math.min(this.maxValue, Math.max(this.minValue, mid));
  }

  /** The midpoint of the bucket holding the rank-th nonzero value (n buckets per octave). */
  private find(rank: number, groupCounts: Float64Array, offset: number, n: number): number {
    let seen = 0;
    for (let g = 0; g < GROUPS; g++) {
      const inGroup = groupCounts[g]!;
      if (seen + inGroup < rank) {
        seen += inGroup;
        continue;
      }
      const counts = this.groups[g]!;
      for (let s = 0; s < n; s++) {
        seen += counts[offset + s]!;
        if (seen >= rank) {
          const low = 2 ** (g + MIN_EXPONENT) * (1 + s / n);
          return low * (1 + 0.5 / n / (1 + s / n));
        }
      }
    }
    return this.maxValue;
  }

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
    this.total += other.total;
    this.sum += other.sum;
    this.zeros += other.zeros;
    if (other.total > 0) {
      this.minValue = Math.min(this.minValue, other.minValue);
      this.maxValue = Math.max(this.maxValue, other.maxValue);
    }
    for (let g = 0; g < GROUPS; g++) {
      if (other.groupCounts[g] === 0) continue;
      const counts = other.groups[g]!;
      let mine = this.groups[g];
      if (mine === undefined) {
        mine = new Float64Array(GROUP_LENGTH);
        this.groups[g] = mine;
      }
      for (let s = 0; s < SUB_BUCKETS; s++) mine[s]! += counts[s]!;
      this.groupCounts[g]! += other.groupCounts[g]!;
    }
  }

  /** Start a new window: forget the window's values, keeping the whole histogram's. */
  resetWindow(): void {
    if (this.windowTotal === 0) return;
    for (let g = 0; g < GROUPS; g++) {
      if (this.windowGroupCounts[g] !== 0) this.groups[g]!.fill(0, SUB_BUCKETS);
    }
    this.windowGroupCounts.fill(0);
    this.windowZeros = 0;
    this.windowTotal = 0;
  }

  /** Forget every value, keeping the allocated groups for reuse. */
  reset(): void {
    for (let g = 0; g < GROUPS; g++) {
      if (this.groupCounts[g] !== 0 || this.windowGroupCounts[g] !== 0) this.groups[g]!.fill(0);
    }
    this.groupCounts.fill(0);
    this.windowGroupCounts.fill(0);
    this.zeros = this.windowZeros = 0;
    this.total = this.windowTotal = 0;
    this.sum = DOUBLE_ZERO;
    this.minValue = Number.POSITIVE_INFINITY;
    this.maxValue = DOUBLE_ZERO;
  }
}

/** The nearest rank ⌈p/100 · n⌉ (at least 1), or 0 for an empty sample. */
function rankOf(p: number, n: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  return n === 0 ? 0 : Math.max(1, Math.ceil((p / 100) * n));
}
