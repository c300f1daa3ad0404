/**
 * A latency histogram in bounded memory: log-linear buckets in the style of HdrHistogram.
 * A value's bucket is read straight from its IEEE-754 bits: the binary exponent picks a group
 * and the top 10 mantissa bits a sub-bucket, so every bucket spans 1/1024 of its octave and a
 * reported percentile is within 0.05% of a value actually recorded in that bucket. Groups
 * are allocated on first use, so memory follows the range of values seen (8 KiB per octave),
 * not the number of samples. Recording is a few integer operations, with no allocation.
 *
 * Values are seconds, >= 0. Below 2^-40 s (about 1 ps) they count as 0; above 2^30 s they
 * land in the top bucket (min, max and mean stay exact).
 */

const SUB_BITS = 10;
const SUB_BUCKETS = 1 << SUB_BITS;
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
  private groups: (Float64Array | undefined)[] = new Array(GROUPS);
  private groupCounts = new Float64Array(GROUPS);
  private zeros = 0;
  private total = 0;
  private sum = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = 0;

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
    return this.maxValue;
  }

  record(value: number): void {
    this.total++;
    this.sum += value;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    scratch[0] = value;
    const high = words[HIGH]!;
    let group = ((high >>> 20) & 0x7ff) - BIAS - MIN_EXPONENT;
    if (group < 0 || value <= 0) {
      this.zeros++;
      return;
    }
    let sub = (high >>> (20 - SUB_BITS)) & (SUB_BUCKETS - 1);
    if (group >= GROUPS) {
      group = GROUPS - 1;
      sub = SUB_BUCKETS - 1;
    }
    let counts = this.groups[group];
    if (counts === undefined) {
      counts = new Float64Array(SUB_BUCKETS);
      this.groups[group] = counts;
    }
    counts[sub]!++;
    this.groupCounts[group]!++;
  }

  /**
   * The value at percentile `p` (0 < p <= 100): the midpoint of the bucket holding the
   * ⌈p/100 · n⌉-th smallest value, clamped to the recorded min and max. 0 when empty.
   */
  percentile(p: number): number {
    if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    if (rank >= this.total) return this.maxValue;
    let seen = this.zeros;
    if (seen >= rank) return this.min;
    for (let g = 0; g < GROUPS; g++) {
      const inGroup = this.groupCounts[g]!;
      if (seen + inGroup < rank) {
        seen += inGroup;
        continue;
      }
      const counts = this.groups[g]!;
      for (let s = 0; s < SUB_BUCKETS; s++) {
        seen += counts[s]!;
        if (seen >= rank) {
          const low = 2 ** (g + MIN_EXPONENT) * (1 + s / SUB_BUCKETS);
          const mid = low * (1 + 0.5 / SUB_BUCKETS / (1 + s / SUB_BUCKETS));
          return Math.min(this.maxValue, Math.max(this.minValue, mid));
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
      max: this.maxValue,
    };
  }

  /** Add every value recorded in `other` to this histogram. */
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
        mine = new Float64Array(SUB_BUCKETS);
        this.groups[g] = mine;
      }
      for (let s = 0; s < SUB_BUCKETS; s++) mine[s]! += counts[s]!;
      this.groupCounts[g]! += other.groupCounts[g]!;
    }
  }

  /** Forget every value, keeping the allocated groups for reuse. */
  reset(): void {
    for (let g = 0; g < GROUPS; g++) {
      if (this.groupCounts[g] !== 0) this.groups[g]!.fill(0);
    }
    this.groupCounts.fill(0);
    this.zeros = 0;
    this.total = 0;
    this.sum = 0;
    this.minValue = Number.POSITIVE_INFINITY;
    this.maxValue = 0;
  }
}
