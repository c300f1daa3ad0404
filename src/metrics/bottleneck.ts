import { checkNonEmpty, checkNonNegative } from "./check.js";

/**
 * The utilization law `U = X·D`: a resource's utilization is its throughput times its service
 * demand per request (Lazowska et al., Quantitative System Performance, §3.2).
 * @example utilizationLaw({ throughput: 50, demand: 0.01 }) // => 0.5
 */
export function utilizationLaw(q: { throughput: number; demand: number }): number {
  return (
    checkNonNegative("utilizationLaw", "throughput", q.throughput) *
    checkNonNegative("utilizationLaw", "demand", q.demand)
  );
}

/**
 * The bottleneck bound on throughput `X <= 1 / max_k(D_k / c_k)`: no system completes requests
 * faster than its busiest resource allows (Lazowska et al., §5.2).
 * @param stations per resource: demand D (seconds of service per request) and servers c
 * @example bottleneckThroughput([{ demand: 0.01, servers: 1 }, { demand: 0.03, servers: 2 }]) // => 66.66…
 */
export function bottleneckThroughput(
  stations: readonly { demand: number; servers: number }[],
): number {
  checkNonEmpty("bottleneckThroughput", "stations", stations as unknown as number[]);
  let worst = 0;
  stations.forEach((s, i) => {
    const perServer =
      checkNonNegative("bottleneckThroughput", `stations[${i}].demand`, s.demand) /
      checkNonNegative("bottleneckThroughput", `stations[${i}].servers`, s.servers);
    if (perServer > worst) worst = perServer;
  });
  return worst === 0 ? Number.POSITIVE_INFINITY : 1 / worst;
}
