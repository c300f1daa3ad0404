import { cheHitRatio, ttlHitRatio, zipfPopularity } from "../../metrics/index.js";
import type { CacheConfig, Scenario } from "../scenario/types.js";
import type { LinkModel } from "./links.js";
import type { StationModel } from "./stations.js";

/** A cache in front of a service, as the analysis models it. */
export interface CacheModel {
  service: string;
  config: CacheConfig;
  /** The station that serves its lookups. */
  server: StationModel;
  /** Lookups per second (every logical call to the service). */
  lambda: number;
  hitRatio: number;
  model: string;
  exact: boolean;
  popularity: Float64Array | null;
}

/** Che's hit ratio of one key model, kept: a planner analyses the same cache many times. */
const cheMemo = new Map<string, number>();
/** Key popularities by (keys, exponent), kept for the same reason (a probability a key). */
const popularityMemo = new Map<string, Float64Array>();

/** The Zipf popularity of `keys` keys, computed once per (keys, exponent). */
export function popularityOf(keys: number, zipf: number): Float64Array {
  const key = `${keys}/${zipf}`;
  let p = popularityMemo.get(key);
  if (p === undefined) {
    p = zipfPopularity(keys, zipf);
    popularityMemo.set(key, p);
  }
  return p;
}

/** The cache models of a scenario's services, by the service they stand in front of. */
export function cacheModels(
  scenario: Scenario,
  stations: ReadonlyMap<string, StationModel>,
): Map<string, CacheModel> {
  const out = new Map<string, CacheModel>();
  for (const [name, svc] of Object.entries(scenario.services)) {
    const config = svc.cache;
    if (config === null) continue;
    const model: CacheModel = {
      service: name,
      config,
      server: stations.get(config.service)!,
      lambda: 0,
      hitRatio: config.kind === "ratio" ? config.hitRatio : 0,
      model: config.kind === "ratio" ? "fixed hit ratio" : "",
      exact: config.kind === "ratio",
      popularity: config.kind === "keys" ? popularityOf(config.keys, config.zipf) : null,
    };
    cacheHitRatio(model);
    out.set(name, model);
  }
  return out;
}

/**
 * A key-model cache's hit ratio at its current lookup rate: LRU by Che's approximation, TTL by
 * the renewal formula (exact for Poisson lookups), LRU with a TTL by the smaller of the two
 * (each an upper bound on it; an approximation).
 */
export function cacheHitRatio(c: CacheModel): void {
  const config = c.config;
  if (config.kind === "ratio") return;
  const p = c.popularity!;
  const lru = () => {
    if (config.capacity === null) return 1;
    const key = `${config.keys}/${config.zipf}/${config.capacity}`;
    let h = cheMemo.get(key);
    if (h === undefined) {
      h = cheHitRatio(p, config.capacity).hitRatio;
      cheMemo.set(key, h);
    }
    return h;
  };
  if (config.policy === "ttl" || config.capacity === null) {
    const ttl = config.ttl ?? Infinity;
    c.hitRatio = Number.isFinite(ttl) ? ttlHitRatio(p, c.lambda, ttl) : 1;
    if (config.capacity !== null) c.hitRatio = Math.min(c.hitRatio, lru());
    c.model = "TTL renewal (Poisson lookups)";
    c.exact = config.capacity === null;
  } else if (config.ttl === null) {
    c.hitRatio = lru();
    c.model = "Che's approximation (LRU)";
    c.exact = false;
  } else {
    c.hitRatio = Math.min(lru(), ttlHitRatio(p, c.lambda, config.ttl));
    c.model = "min(Che's LRU, TTL renewal)";
    c.exact = false;
  }
}

/** The share of lookups answered from the cache: hits whose lookup did not fail. */
export function effectiveHit(c: CacheModel): number {
  return c.hitRatio * (1 - c.server.failure) * (1 - c.server.result.blocking);
}

/** The cache's part of a call node: the model and the lookup's own network time. */
export interface CachedCall {
  cache: CacheModel;
  lookup: LinkModel | null;
}
