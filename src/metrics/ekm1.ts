import { checkPositive, checkPositiveInteger, checkStable } from "./check.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * E_k/M/1: one exponential server (rate μ) fed by Erlang-k interarrival times of rate λ, as
 * each instance behind a round-robin balancer sees a Poisson stream of rate kλ split over k
 * instances (every k-th arrival). A GI/M/1 queue (Gross and Harris §6.3): with σ the root in
 * (0, 1) of σ = A*(μ(1 - σ)), A*(s) = (kλ/(kλ + s))^k the interarrival transform, an arrival
 * waits with probability σ and the sojourn is exponential with rate μ(1 - σ): W = 1/(μ(1 - σ)),
 * Wq = σW, and the sojourn's p-quantile is -ln(1 - p)·W. k = 1 is M/M/1 (σ = ρ).
 * @param q.lambda arrivals per second at this server
 * @param q.phases k, the Erlang shape of the interarrival times (the instances of a round-robin)
 * @example ekm1({ lambda: 8, mu: 10, phases: 4 }).W // => 0.32674…
 */
export function ekm1(q: { lambda: number; mu: number; phases: number }): QueueMetrics & {
  probWait: number;
  sigma: number;
} {
  const lambda = checkPositive("ekm1", "lambda", q.lambda);
  const mu = checkPositive("ekm1", "mu", q.mu);
  const k = checkPositiveInteger("ekm1", "phases", q.phases);
  const rho = lambda / mu;
  checkStable("ekm1", rho);
  const sigma = k === 1 ? rho : ekm1Sigma(lambda, mu, k);
  const W = 1 / (mu * (1 - sigma));
  const Wq = sigma * W;
  return {
    utilization: rho,
    throughput: lambda,
    L: lambda * W,
    Lq: lambda * Wq,
    W,
    Wq,
    probWait: sigma,
    sigma,
  };
}

/** σ in (0, 1) with σ = (kλ/(kλ + μ(1 - σ)))^k, by bisection on the sign of the difference. */
function ekm1Sigma(lambda: number, mu: number, k: number): number {
  const f = (s: number) => ((k * lambda) / (k * lambda + mu * (1 - s))) ** k - s;
  let lo = 0;
  let hi = 1;
  // f > 0 below the root and < 0 between it and 1 (where f vanishes again): move hi down
  // until f(hi) < 0, then bisect.
  for (let step = 1e-3; f(1 - step) >= 0 && step > 1e-15; step /= 10) hi = 1 - step / 10;
  hi = Math.min(hi, 1 - 1e-15);
  for (let i = 0; i < 200 && hi - lo > 1e-16; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
