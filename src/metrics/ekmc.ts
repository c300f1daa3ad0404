import { checkPositive, checkPositiveInteger, checkStable } from "./check.js";
import { type Tail, tailQuantile, waitThenServeTail } from "./mmcSojournQuantile.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * The E_k/M/c queue's figures (`ekmc`): the usual means, the chance an arrival waits, and the
 * sojourn's tail and quantiles.
 */
export interface EkmcResult extends QueueMetrics {
  /** P(an arrival waits), at arrival epochs. */
  probWait: number;
  /** The root σ of σ = A*(cμ(1 - σ)): the number ahead of a waiting arrival is geometric(σ). */
  sigma: number;
  /** P(sojourn > t). */
  tail: Tail;
  /** The sojourn's p-quantile. */
  quantile: (p: number) => number;
}

/**
 * E_k/M/c: c exponential servers (rate μ each) fed by Erlang-k interarrival times of rate λ,
 * as one instance with c workers behind a round-robin balancer over k instances sees a
 * Poisson stream. A GI/M/c queue (Gross and Harris §6.3): an arrival that waits finds a
 * geometric(σ) number ahead beyond the busy servers, σ the root in (0, 1) of
 * σ = A*(cμ(1 - σ)) with A*(s) = (kλ/(kλ + s))^k, so its wait is exponential with rate
 * cμ(1 - σ), Wq = C/(cμ(1 - σ)), and the sojourn is the M/M/c mixture with C in place of
 * Erlang C. C, the probability that an arrival waits, comes from the exact stationary
 * distribution of the chain (customers, arrival phase), solved level by level (linear level
 * reduction) up to where σ's tail is below 1e-13. k = 1 is M/M/c; c = 1 is E_k/M/1 (C = σ).
 * @example ekmc({ lambda: 8, mu: 10, servers: 1, phases: 4 }).W // => 0.32674… (E4/M/1)
 */
export function ekmc(q: {
  lambda: number;
  mu: number;
  servers: number;
  phases: number;
}): EkmcResult {
  const lambda = checkPositive("ekmc", "lambda", q.lambda);
  const mu = checkPositive("ekmc", "mu", q.mu);
  const c = checkPositiveInteger("ekmc", "servers", q.servers);
  const k = checkPositiveInteger("ekmc", "phases", q.phases);
  const rho = lambda / (c * mu);
  checkStable("ekmc", rho);
  const sigma = rootSigma(lambda, c * mu, k);
  const C = waitProbability(lambda, mu, c, k, sigma);
  const theta = c * mu * (1 - sigma);
  const Wq = C / theta;
  const W = Wq + 1 / mu;
  const tail = waitThenServeTail(C, theta, mu);
  const quantile = (p: number) => {
    if (!(p > 0 && p < 1)) throw new RangeError(`ekmc: p must be in (0, 1), got ${p}`);
    return tailQuantile(tail, p, 1 / Math.min(mu, theta));
  };
  return {
    utilization: rho,
    throughput: lambda,
    L: lambda * W,
    Lq: lambda * Wq,
    W,
    Wq,
    probWait: C,
    sigma,
    tail,
    quantile,
  };
}

/** σ in (0, 1) with σ = (kλ/(kλ + s(1 - σ)))^k, s = cμ, by bisection (k = 1: σ = ρ). */
function rootSigma(lambda: number, s: number, k: number): number {
  if (k === 1) return lambda / s;
  const f = (x: number) => ((k * lambda) / (k * lambda + s * (1 - x))) ** k - x;
  let lo = 0;
  let hi = 1 - 1e-15;
  for (let step = 1e-3; f(1 - step) >= 0 && step > 1e-15; step /= 10) hi = 1 - step / 10;
  for (let i = 0; i < 200 && hi - lo > 1e-16; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Scratch arrays for waitProbability, grown as needed and reused: every entry it reads it has
 * written first in the same call, so a reused array needs no clearing.
 */
function grown<T extends Float64Array | Int32Array>(make: (n: number) => T): (n: number) => T {
  let array = make(0);
  return (n) => {
    if (array.length < n) array = make(Math.max(n, 2 * array.length));
    return array;
  };
}
const scratch = {
  m: grown((n) => new Float64Array(n)),
  A: grown((n) => new Float64Array(n)),
  order: grown((n) => new Int32Array(n)),
  R: grown((n) => new Float64Array(n)),
};

/**
 * P(an arrival finds all c servers busy), from the chain's stationary distribution: levels of
 * customers n = 0..N, k arrival phases each, π_n = π_{n-1}·R_n solved from the top level down.
 * Flat typed arrays, one scratch matrix for every level, kept from one call to the next: a
 * station's analysis allocates nothing (an estate of 5,000 services solves 5,000 of these).
 */
function waitProbability(lambda: number, mu: number, c: number, k: number, sigma: number): number {
  if (c === 1) return sigma;
  const a = k * lambda; // phase rate
  const N =
    c + Math.min(100_000, Math.ceil(Math.log(1e-13) / Math.log(Math.max(sigma, 1e-300))) + 1);
  const m = scratch.m(k * k); // the level's block, row-major
  const A = scratch.A(k * (k + 1)); // the augmented system solve() works on
  const order = scratch.order(k);
  // Local block at level n: phases advance at rate a; level n serves at min(n, c)·μ.
  const local = (n: number): void => {
    m.fill(0);
    const service = Math.min(n, c) * mu;
    for (let j = 0; j < k; j++) {
      m[j * k + j] = -(a + service);
      if (j < k - 1) m[j * k + j + 1] = a;
      else if (n === N) m[j * k] = a; // the top level loses arrivals: its phase restarts
    }
    if (n === N && k === 1) m[0] = -service;
  };
  // R_n = A0·(-(A1_n + R_{n+1}·A2_{n+1}))^{-1}; A0 is a at (k-1 -> 0), so only row k-1 of R_n
  // is non-zero: a times row 0 of the inverse. A2_n = min(n, c)·μ·I. R holds those rows.
  const R = scratch.R((N + 1) * k);
  for (let n = N; n >= 1; n--) {
    local(n);
    if (n < N) {
      const down = Math.min(n + 1, c) * mu;
      for (let j = 0; j < k; j++) m[(k - 1) * k + j]! += R[(n + 1) * k + j]! * down;
    }
    // Row 0 of (-m)^{-1}: x with x·(-m) = e₀, solved as (-m)ᵀ xᵀ = e₀.
    for (let i = 0; i < k; i++) {
      for (let r = 0; r < k; r++) A[i * (k + 1) + r] = -m[r * k + i]!;
      A[i * (k + 1) + k] = i === 0 ? 1 : 0;
    }
    solve(A, k, order);
    for (let j = 0; j < k; j++) R[n * k + j] = a * solution(A, k, order, j);
  }
  // Level 0: π_0·(A1_0 + R_1·A2_1) = 0, up to scale: x·B = 0 with Σx = 1.
  local(0);
  for (let j = 0; j < k; j++) m[(k - 1) * k + j]! += R[k + j]! * Math.min(1, c) * mu;
  for (let i = 0; i < k - 1; i++) {
    for (let r = 0; r < k; r++) A[i * (k + 1) + r] = m[r * k + i]!;
    A[i * (k + 1) + k] = 0;
  }
  A.fill(1, (k - 1) * (k + 1), k * (k + 1));
  solve(A, k, order);
  // Arrivals happen from phase k-1 at rate a: the arrival-epoch weight of level n is its
  // phase k-1 share, and π_n's phase k-1 is π_{n-1}'s times R_n's.
  let w = solution(A, k, order, k - 1);
  let total = 0;
  let waiting = 0;
  for (let n = 0; n <= N; n++) {
    if (n > 0) w *= R[n * k + k - 1]!;
    total += w;
    if (n >= c) waiting += w;
  }
  return waiting / total;
}

/**
 * Gaussian elimination with partial pivoting on the augmented k×(k+1) system in `A` (row-major),
 * in place; rows are swapped through `order` (order[i]: the row now at position i).
 */
function solve(A: Float64Array, k: number, order: Int32Array): void {
  const w = k + 1;
  for (let i = 0; i < k; i++) order[i] = i;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(A[order[r]! * w + col]!) > Math.abs(A[order[pivot]! * w + col]!)) pivot = r;
    const swap = order[col]!;
    order[col] = order[pivot]!;
    order[pivot] = swap;
    const top = order[col]! * w;
    const p = A[top + col]!;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const row = order[r]! * w;
      const f = A[row + col]! / p;
      if (f === 0) continue;
      for (let j = col; j <= k; j++) A[row + j]! -= f * A[top + j]!;
    }
  }
}

/** The i-th unknown of a system `solve` has reduced. */
function solution(A: Float64Array, k: number, order: Int32Array, i: number): number {
  const row = order[i]! * (k + 1);
  return A[row + k]! / A[row + i]!;
}
