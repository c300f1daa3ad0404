import { checkPositive, checkPositiveInteger, checkStable } from "./check.js";
import { erlangC } from "./erlangC.js";

/**
 * The tail of the sojourn time T = Wq + S in M/M/c (FIFO). Wq is 0 with probability 1 - C
 * and otherwise exponential with rate θ = cμ - λ (C the Erlang C value); S is exponential with
 * rate μ. So P(T > t) = (1 - C)e^(-μt) + C·(θe^(-μt) - μe^(-θt))/(θ - μ) (Gross and Harris §2.3),
 * the probability that a call spends longer than t at the station. For c = 1 this is
 * e^(-(μ-λ)t), so the p-quantile is -ln(1 - p)/(μ - λ).
 * @example mmcSojournTail({ lambda: 0.9, mu: 1, servers: 1 }, 10) // => e^(-1) = 0.3679…
 */
export function mmcSojournTail(
  q: { lambda: number; mu: number; servers: number },
  t: number,
): number {
  const fn = "mmcSojournTail";
  const { lambda, mu, c } = checkQueue(fn, q);
  if (!(t >= 0)) throw new RangeError(`${fn}: t must be a number >= 0, got ${t}`);
  return sojournTail(lambda, mu, c)(t);
}

/** A stable M/M/c queue's parameters, checked; a RangeError names `fn` and the argument. */
function checkQueue(fn: string, q: { lambda: number; mu: number; servers: number }) {
  const lambda = checkPositive(fn, "lambda", q.lambda);
  const mu = checkPositive(fn, "mu", q.mu);
  const c = checkPositiveInteger(fn, "servers", q.servers);
  checkStable(fn, lambda / (c * mu));
  return { lambda, mu, c };
}

/**
 * The tail of a time T, P(T > t), as a function of t; where the truncated mean E[min(T, τ)]
 * (what a caller with a timeout τ waits) has a closed form, the tail carries it, and
 * `expectedTruncated` uses it instead of integrating. A plain function is a Tail too.
 * @example
 * const tail: Tail = ekmc({ lambda: 8, mu: 10, servers: 2, phases: 2 }).tail;
 * tail(0.1); // P(sojourn > 100 ms)
 * expectedTruncated(tail, 0.5); // E[min(sojourn, 500 ms)], from the closed form
 */
export interface Tail {
  (t: number): number;
  /** E[min(T, τ)] = ∫₀^τ P(T > t) dt, exactly. */
  readonly truncatedMean?: (tau: number) => number;
}

/**
 * The M/M/c sojourn's tail as a function (see `mmcSojournTail`), its Erlang C worked out once:
 * for analyses that read the tail at many points (a p99, a timeout's truncated mean).
 * @example mmcSojournTailOf({ lambda: 0.9, mu: 1, servers: 1 })(10) // => e^(-1) = 0.3679…
 */
export function mmcSojournTailOf(q: { lambda: number; mu: number; servers: number }): Tail {
  const { lambda, mu, c } = checkQueue("mmcSojournTailOf", q);
  return sojournTail(lambda, mu, c);
}

function sojournTail(lambda: number, mu: number, c: number): Tail {
  return waitThenServeTail(erlangC(c, lambda / mu), c * mu - lambda, mu);
}

/**
 * P(T > t) for T = Wq + S, where a call waits with probability C, then for Exp(θ), and is
 * served for Exp(μ): (1 - C)e^(-μt) + C·(θe^(-μt) - μe^(-θt))/(θ - μ). M/M/c's sojourn
 * (C Erlang C, θ = cμ - λ), and GI/M/c's (C and θ = cμ(1 - σ) of that queue). Its truncated
 * mean is the same mixture integrated term by term: with I(a) = (1 - e^(-aτ))/a,
 * E[min(T, τ)] = (1 - C)·I(μ) + C·(θ·I(μ) - μ·I(θ))/(θ - μ), and for θ = μ the last term is
 * I(μ) + (1 - (1 + μτ)e^(-μτ))/μ.
 */
export function waitThenServeTail(C: number, theta: number, mu: number): Tail {
  const equal = Math.abs(theta - mu) < 1e-9 * mu;
  const tail = (t: number) => {
    const both = equal
      ? (1 + mu * t) * Math.exp(-mu * t)
      : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    return (1 - C) * Math.exp(-mu * t) + C * both;
  };
  const integral = (a: number, tau: number) => -Math.expm1(-a * tau) / a;
  const truncatedMean = (tau: number) => {
    const served = integral(mu, tau);
    const both = equal
      ? served - (Math.expm1(-mu * tau) + mu * tau * Math.exp(-mu * tau)) / mu
      : (theta * served - mu * integral(theta, tau)) / (theta - mu);
    return (1 - C) * served + C * both;
  };
  return Object.assign(tail, { truncatedMean });
}

/**
 * The t where a decreasing tail falls to 1 - p, to within 1e-12 of t: a bracket doubled from a
 * first guess `scale`, then narrowed by the Illinois method (regula falsi that halves the
 * weight of an end kept twice running) on the tail's logarithm, nearly a line for a sojourn,
 * so a station's p99 takes 7 evaluations of a near-exponential tail and about 17 of a curved
 * one, where bisection took 45 (an estate's analysis finds one for each of its stations). After two steps running that did not halve the
 * bracket comes a bisection, so a tail with steps or kinks narrows at least half as fast.
 */
export function tailQuantile(tail: (t: number) => number, p: number, scale: number): number {
  // On a log scale: a sojourn's tail is close to exponential, so its logarithm close to a line.
  const target = Math.log(1 - p);
  const excess = (t: number) => Math.log(tail(t)) - target;
  let low = 0;
  let below = excess(low); // > 0 for a tail that starts at 1
  let high = scale;
  let above = excess(high);
  while (above > 0) {
    low = high;
    below = above;
    high *= 2;
    above = excess(high);
  }
  let kept = 0; // the end kept by the last step: -1 low, 1 high
  let slow = 0; // steps running that did not halve the bracket
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const width = high - low;
    let t = (low + high) / 2;
    if (slow < 2 && below > 0) {
      const falsi = low + (width * below) / (below - above);
      // Never nearer an end than a quarter of the tolerance (Brent's rule): a root at an end
      // then closes the bracket in one step instead of creeping up on it.
      const margin = 0.25e-12 * high;
      if (falsi >= low && falsi <= high) t = Math.min(Math.max(falsi, low + margin), high - margin);
    }
    const value = excess(t);
    if (value > 0) {
      low = t;
      below = value;
      if (kept === 1) above /= 2;
      kept = 1;
    } else {
      high = t;
      above = value;
      if (kept === -1) below /= 2;
      kept = -1;
    }
    slow = high - low > width / 2 ? slow + 1 : 0;
  }
  return (low + high) / 2;
}

/**
 * A quantile of the M/M/c sojourn time: the t where `mmcSojournTail` falls to 1 - p.
 * @param p the quantile, in (0, 1), e.g. 0.99
 * @example mmcSojournQuantile({ lambda: 0.9, mu: 1, servers: 1 }, 0.99) // => 46.0517… = ln(100)/0.1
 */
export function mmcSojournQuantile(
  q: { lambda: number; mu: number; servers: number },
  p: number,
): number {
  const fn = "mmcSojournQuantile";
  const { lambda, mu, c } = checkQueue(fn, q);
  if (!(p > 0 && p < 1)) throw new RangeError(`${fn}: p must be in (0, 1), got ${p}`);
  return tailQuantile(sojournTail(lambda, mu, c), p, 1 / Math.min(mu, c * mu - lambda));
}
