import type { Calendar, RandomStream } from "../../sim/index.js";
import type { CacheConfig } from "../scenario/types.js";
import { KeySampler } from "./keys.js";
import type { Station } from "./station.js";
import type { Resettable } from "./stats.js";

/** A cache's lookups and hits. */
export class CacheStats implements Resettable {
  lookups = 0;
  hits = 0;
  reset(): void {
    this.lookups = this.hits = 0;
  }
}

/** What a lookup found: a hit, or a miss (with the key to store once the service answers). */
export const HIT = -1;
const MISS = -2;

/**
 * A cache in front of a service, served by the station `server`. With a hit ratio, each
 * lookup hits with that probability. With a key model, each lookup draws a key from the
 * popularity law (its own stream) and finds it in an LRU of `capacity` entries, or a TTL
 * store whose entries expire `ttl` after the miss that stored them (both, when both are
 * given); a miss stores its key when the service has answered.
 */
export class Cache {
  readonly stats = new CacheStats();
  /** key -> expiry time, in recency order (Map keeps insertion order). */
  private readonly entries = new Map<number, number>();
  private readonly keys: KeySampler | null = null;

  constructor(
    readonly config: CacheConfig,
    readonly server: Station,
    private readonly rng: RandomStream,
    private readonly calendar: Calendar,
  ) {
    if (config.kind === "keys") this.keys = new KeySampler(config.keys, config.zipf);
  }

  /** One lookup: HIT, or the key a miss should store (MISS when there are no keys). */
  lookup(): number {
    const stats = this.stats;
    stats.lookups++;
    const config = this.config;
    if (config.kind === "ratio") {
      if (this.rng.next() < config.hitRatio) {
        stats.hits++;
        return HIT;
      }
      return MISS;
    }
    const key = this.keys!.draw(this.rng);
    const expiry = this.entries.get(key);
    if (expiry !== undefined) {
      if (expiry > this.calendar.now) {
        stats.hits++;
        if (config.policy === "lru") {
          this.entries.delete(key);
          this.entries.set(key, expiry);
        }
        return HIT;
      }
      this.entries.delete(key);
    }
    return key;
  }

  /** A miss's answer came back: store its key, evicting the least recently used if full. */
  fill(key: number): void {
    const config = this.config;
    if (key < 0 || config.kind !== "keys") return;
    const entries = this.entries;
    entries.delete(key);
    entries.set(key, config.ttl === null ? Infinity : this.calendar.now + config.ttl);
    if (config.capacity !== null && entries.size > config.capacity)
      entries.delete(entries.keys().next().value!);
  }
}
