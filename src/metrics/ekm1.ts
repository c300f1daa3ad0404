import { type EkmcResult, ekmc } from "./ekmc.js";

/**
 * E_k/M/1: one exponential server (rate μ) fed by Erlang-k interarrival times of rate λ, as
 * each instance behind a round-robin balancer sees a Poisson stream of rate kλ split over k
 * instances (every k-th arrival). A GI/M/1 queue (Gross and Harris §6.3): with σ the root in
 * (0, 1) of σ = A*(μ(1 - σ)), A*(s) = (kλ/(kλ + s))^k the interarrival transform, an arrival
 * waits with probability σ and the sojourn is exponential with rate μ(1 - σ): W = 1/(μ(1 - σ)),
 * Wq = σW, and the sojourn's p-quantile is -ln(1 - p)·W. k = 1 is M/M/1 (σ = ρ). It is
 * `ekmc` with one server.
 * @param q.lambda arrivals per second at this server
 * @param q.phases k, the Erlang shape of the interarrival times (the instances of a round-robin)
 * @example ekm1({ lambda: 8, mu: 10, phases: 4 }).W // => 0.32674…
 */
export function ekm1(q: { lambda: number; mu: number; phases: number }): EkmcResult {
  return ekmc({ ...q, servers: 1 });
}
