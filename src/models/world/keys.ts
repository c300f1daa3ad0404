import { zipfPopularity } from "../../metrics/index.js";
import type { RandomStream } from "../../sim/index.js";

/**
 * Keys 0..n-1 drawn by a Zipf law of exponent s, by inverse transform: a uniform draw
 * searched (binary) in the popularity's cumulative sums. One draw and O(log n) a key.
 */
export class KeySampler {
  private readonly cdf: Float64Array;

  constructor(keys: number, zipf: number) {
    const p = zipfPopularity(keys, zipf);
    this.cdf = new Float64Array(p.length);
    let sum = 0;
    for (let k = 0; k < p.length; k++) this.cdf[k] = sum += p[k]!;
  }

  draw(rng: RandomStream): number {
    const cdf = this.cdf;
    const u = rng.next() * cdf[cdf.length - 1]!;
    let low = 0;
    let high = cdf.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cdf[mid]! > u) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
