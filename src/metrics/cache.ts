import { checkNonNegative, checkPositive, checkPositiveInteger } from "./check.js";

/**
 * Zipf popularity over `keys` keys: p_k ∝ 1 / k^s for k = 1..keys, normalised. s = 0 is
 * uniform; web and catalog workloads measure s between about 0.6 and 1.2.
 * @example zipfPopularity(2, 1) // => Float64Array [2/3, 1/3]
 */
export function zipfPopularity(keys: number, s: number): Float64Array {
  checkPositiveInteger("zipfPopularity", "keys", keys);
  checkNonNegative("zipfPopularity", "s", s);
  const p = new Float64Array(keys);
  let total = 0;
  for (let k = 0; k < keys; k++) total += p[k] = (k + 1) ** -s;
  for (let k = 0; k < keys; k++) p[k]! /= total;
  return p;
}

/**
 * Che's approximation of an LRU cache's hit ratio under independent requests (Che, Tung and
 * Wang, IEEE JSAC 20(7), 2002): the characteristic time T solves Σ (1 - e^(-p_k T)) = C,
 * and key k hits with probability 1 - e^(-p_k T). Time is in requests (rates p_k), so the
 * answer does not depend on the request rate. Accurate to about a percent for thousands of
 * keys (Fricker, Robert and Roberts, 2012). A capacity of every key or more: every request
 * after the first of its key hits (ratio 1).
 * @example cheHitRatio(new Float64Array([0.5, 0.5]), 1).hitRatio // => 0.5
 */
export function cheHitRatio(
  popularity: Float64Array,
  capacity: number,
): { hitRatio: number; characteristicTime: number } {
  checkPositive("cheHitRatio", "capacity", capacity);
  if (capacity >= popularity.length) return { hitRatio: 1, characteristicTime: Infinity };
  const filled = (t: number) => {
    let sum = 0;
    for (const p of popularity) sum += -Math.expm1(-p * t);
    return sum;
  };
  let low = 0;
  let high = capacity;
  while (filled(high) < capacity) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-10 * high; i++) {
    const mid = (low + high) / 2;
    if (filled(mid) < capacity) low = mid;
    else high = mid;
  }
  const t = (low + high) / 2;
  let hit = 0;
  for (const p of popularity) hit += p * -Math.expm1(-p * t);
  return { hitRatio: hit, characteristicTime: t };
}

/**
 * The hit ratio of a TTL cache whose entries live `ttl` seconds from the miss that stored
 * them (hits do not extend them), unbounded in size, under Poisson requests at `rate`: key k,
 * requested at λ_k = p_k·rate, is a renewal of one miss and a Poisson(λ_k·ttl) number of
 * hits, so it hits with probability λ_k·ttl / (1 + λ_k·ttl) (Jung, Berger and Balakrishnan,
 * 2003). Exact under those assumptions.
 * @example ttlHitRatio(new Float64Array([1]), 2, 0.5) // => 0.5
 */
export function ttlHitRatio(popularity: Float64Array, rate: number, ttl: number): number {
  checkNonNegative("ttlHitRatio", "rate", rate);
  checkNonNegative("ttlHitRatio", "ttl", ttl);
  let hit = 0;
  for (const p of popularity) {
    const x = p * rate * ttl;
    hit += (p * x) / (1 + x);
  }
  return hit;
}
