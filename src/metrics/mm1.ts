import { checkPositive, checkStable } from "./check.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * M/M/1: Poisson arrivals, exponential service, one server (Kleinrock, Queueing Systems I, §3.2).
 * ρ = λ/μ, L = ρ/(1-ρ), W = 1/(μ-λ), Wq = ρ/(μ-λ); the sojourn time is exponential with rate μ-λ.
 * @throws {RangeError} when λ or μ is not > 0, or λ >= μ
 * @example mm1({ lambda: 0.9, mu: 1 }).W // => 10
 */
export function mm1(q: { lambda: number; mu: number }): QueueMetrics {
  const lambda = checkPositive("mm1", "lambda", q.lambda);
  const mu = checkPositive("mm1", "mu", q.mu);
  const rho = lambda / mu;
  checkStable("mm1", rho);
  const W = 1 / (mu - lambda);
  const Wq = rho * W;
  return {
    utilization: rho,
    throughput: lambda,
    L: lambda * W,
    Lq: lambda * Wq,
    W,
    Wq,
    probWait: rho,
  };
}
