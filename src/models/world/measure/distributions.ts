import type { Flow } from "../walker.js";

/**
 * The percentiles at which the report gives each flow's latency distribution: 1 to 99 by 1,
 * then 99.5 and 99.9; enough to draw its CDF (the report's `distributions`).
 */
export const LATENCY_LEVELS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, i) => i + 1),
  99.5,
  99.9,
];

/** Each flow's latency at the LATENCY_LEVELS percentiles, by flow name. */
export function latencyDistributions(flows: readonly Flow[]): Record<string, number[]> {
  return Object.fromEntries(
    flows.map((f) => [f.name, LATENCY_LEVELS.map((p) => f.stats.latency.percentile(p))]),
  );
}
