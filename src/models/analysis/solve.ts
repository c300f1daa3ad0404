import type { AnalyticService } from "../report.js";
import type { CacheModel } from "./caches.js";
import { cacheHitRatio } from "./caches.js";
import { type EdgeLoads, type Node, visitSequence } from "./calls.js";
import { type PoolModel, poolFigures } from "./links.js";
import type { TopicModel } from "./messaging.js";
import { type StationModel, stationFigures } from "./stations.js";

/**
 * The most passes of the fixed-point iteration between loads, blocking and hold times; it
 * stops as soon as a pass changes no station's figures.
 */
const MAX_PASSES = 100;

/** The models the solver's passes load: every station, pool, cache, topic and edge, and the flows. */
export interface Network {
  stations: readonly StationModel[];
  pools: readonly PoolModel[];
  caches: readonly CacheModel[];
  topics: ReadonlyMap<string, TopicModel>;
  edges: EdgeLoads;
  flows: readonly { share: number; root: Node[] }[];
}

/**
 * Loads and figures at a request rate. Blocking hold times and blocking probabilities depend
 * on each other's loads, so the passes repeat until one changes nothing (or MAX_PASSES).
 */
export function solve(
  { stations, pools, caches, topics, edges, flows }: Network,
  rate: number,
  admission: (rate: number) => number,
  notes: Set<string>,
): void {
  // A station's figures depend only on its load and hold time (its config fixed): where a pass
  // leaves both as the pass before did, its figures (and tail, and notes) stand. In a network
  // without feedback the second pass, which confirms the first, then solves nothing again.
  const solvedAt = new Float64Array(2 * stations.length);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = stations.map((s) => s.result);
    const poolsBefore = pools.map((p) => p.wait);
    for (const s of stations) {
      s.lambda = 0;
      s.nestedTime = 0;
    }
    for (const p of pools) p.lambda = p.holdSum = 0;
    for (const c of caches) c.lambda = 0;
    for (const t of topics.values()) t.lambda = 0;
    edges.reset();
    for (const f of flows) visitSequence(f.root, rate * f.share * admission(rate));
    // Consumers after the flows: their messages are the publishes just counted.
    for (const t of topics.values()) for (const g of t.groups) visitSequence([g.node], t.lambda);
    for (let k = 0; k < stations.length; k++) {
      const s = stations[k]!;
      s.holdMean = s.ownMean + (s.blocking && s.lambda > 0 ? s.nestedTime / s.lambda : 0);
      if (
        pass > 0 &&
        Object.is(solvedAt[2 * k], s.lambda) &&
        Object.is(solvedAt[2 * k + 1], s.holdMean)
      )
        continue;
      solvedAt[2 * k] = s.lambda;
      solvedAt[2 * k + 1] = s.holdMean;
      s.result = stationFigures(s, notes);
    }
    for (const p of pools) poolFigures(p);
    for (const c of caches) cacheHitRatio(c);
    if (
      stations.every((s, k) => sameFigures(s.result, before[k]!)) &&
      pools.every((p, k) => Object.is(p.wait, poolsBefore[k]))
    )
      return;
  }
  notes.add(
    `the loads did not settle to a fixed point in ${MAX_PASSES} passes: figures are from the last`,
  );
}

function sameFigures(a: AnalyticService, b: AnalyticService): boolean {
  return (
    Object.is(a.lambda, b.lambda) &&
    Object.is(a.W, b.W) &&
    Object.is(a.blocking, b.blocking) &&
    Object.is(a.utilization, b.utilization)
  );
}
