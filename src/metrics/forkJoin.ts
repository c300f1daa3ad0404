import { checkNonEmpty, checkPositive, checkPositiveInteger, checkStable } from "./check.js";
import type { Tail } from "./mmcSojournQuantile.js";

/**
 * The mean response time of a K-way fork-join of identical M/M/1 queues (each branch a server
 * of rate μ, every job forked to all K at rate λ): Nelson and Tantawi (IEEE Trans. Computers
 * 37(6), 1988). For K = 2 it is exact, E[T₂] = (12 - ρ)/8 · 1/(μ - λ); for K > 2 their
 * approximation E[T_K] ≈ [H_K/H₂ + (4/11)(1 - H_K/H₂)ρ]·E[T₂], H_K the K-th harmonic number,
 * within a few percent of simulation up to K = 32 (their Table I). K = 1 is M/M/1.
 * @example forkJoinMM1({ lambda: 5, mu: 10, branches: 2 }) // => 0.2875
 */
export function forkJoinMM1(q: { lambda: number; mu: number; branches: number }): number {
  const lambda = checkPositive("forkJoinMM1", "lambda", q.lambda);
  const mu = checkPositive("forkJoinMM1", "mu", q.mu);
  const k = checkPositiveInteger("forkJoinMM1", "branches", q.branches);
  const rho = lambda / mu;
  checkStable("forkJoinMM1", rho);
  const single = 1 / (mu - lambda);
  if (k === 1) return single;
  const two = ((12 - rho) / 8) * single;
  if (k === 2) return two;
  const ratio = harmonic(k) / harmonic(2);
  return (ratio + (4 / 11) * (1 - ratio) * rho) * two;
}

function harmonic(k: number): number {
  let h = 0;
  for (let i = 1; i <= k; i++) h += 1 / i;
  return h;
}

/**
 * The mean of the largest of independent non-negative times, each given by its tail
 * P(Tᵢ > t): E[max] = ∫₀^∞ (1 - Π(1 - P(Tᵢ > t))) dt, integrated numerically (adaptive
 * Simpson out to `horizon`, where every tail must be negligible). For the join of parallel branches under
 * the independence assumption (exact for independent branches; for branches fed by the same
 * arrivals a lower bound, as their times are positively correlated).
 * @param horizon a time beyond which every tail is negligible, seconds
 * @example meanOfMaximum([(t) => Math.exp(-t), (t) => Math.exp(-t)], 40) // => 1.5
 */
export function meanOfMaximum(tails: readonly ((t: number) => number)[], horizon: number): number {
  checkNonEmpty(
    "meanOfMaximum",
    "tails",
    tails.map(() => 0),
  );
  checkPositive("meanOfMaximum", "horizon", horizon);
  return integrate((t) => {
    let all = 1;
    for (const tail of tails) all *= 1 - tail(t);
    return 1 - all;
  }, horizon);
}

/**
 * The expected time a caller waits for a call it abandons after τ: E[min(T, τ)] =
 * ∫₀^τ P(T > t) dt, from the tail's closed form where it carries one (an M/M/c or GI/M/c
 * sojourn's), else integrated numerically. For an M/M/1 callee (T ~ Exp(μ - λ)) it is
 * (1 - e^(-(μ-λ)τ))/(μ - λ).
 * @example expectedTruncated((t) => Math.exp(-2 * t), 0.25) // => 0.19673…
 */
export function expectedTruncated(tail: Tail, tau: number): number {
  if (!(tau >= 0) || !Number.isFinite(tau))
    throw new RangeError(`expectedTruncated: tau must be a finite number >= 0, got ${tau}`);
  if (tau === 0) return 0;
  return tail.truncatedMean ? tail.truncatedMean(tau) : integrate(tail, tau);
}

/**
 * ∫₀^b f by adaptive Simpson's rule (Lyness, 1969), to a relative tolerance of about 1e-10:
 * intervals split where the integrand bends, so a sharp tail costs what it needs.
 */
function integrate(f: (t: number) => number, b: number): number {
  const simpson = (a: number, fa: number, fm: number, c: number, fc: number) =>
    ((c - a) / 6) * (fa + 4 * fm + fc);
  const fa = f(0);
  const fb = f(b);
  const fm = f(b / 2);
  const whole = simpson(0, fa, fm, b, fb);
  const tolerance = 1e-10 * Math.max(Math.abs(whole), 1e-300);
  const step = (
    a: number,
    fa: number,
    m: number,
    fm: number,
    c: number,
    fc: number,
    estimate: number,
    eps: number,
    depth: number,
  ): number => {
    const left = (a + m) / 2;
    const right = (m + c) / 2;
    const fl = f(left);
    const fr = f(right);
    const l = simpson(a, fa, fl, m, fm);
    const r = simpson(m, fm, fr, c, fc);
    if (depth <= 0 || Math.abs(l + r - estimate) <= 15 * eps)
      return l + r + (l + r - estimate) / 15;
    return (
      step(a, fa, left, fl, m, fm, l, eps / 2, depth - 1) +
      step(m, fm, right, fr, c, fc, r, eps / 2, depth - 1)
    );
  };
  return step(0, fa, b / 2, fm, b, fb, whole, tolerance, 40);
}
