import type { HashConfig } from "./types.js";

/** MurmurHash3's 32-bit finaliser: a fast, well-mixed hash of an integer. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Where a hash balancer sends each key, the one definition the simulation and the analysis
 * share. Without virtual nodes: hash(key) mod n. With v virtual nodes: a consistent-hash
 * ring of n·v points (Karger et al., 1997), each key owned by the first point at or after
 * its hash; a key whose owner is down goes to the next live owner on the ring.
 */
export class HashRing {
  private readonly points: Uint32Array | null = null;
  private readonly owners: Uint32Array | null = null;

  constructor(
    readonly instances: number,
    readonly virtualNodes: number | null,
  ) {
    if (virtualNodes === null) return;
    const ring = Array.from({ length: instances * virtualNodes }, (_, j) => ({
      point: mix32(0x9e3779b9 ^ mix32(j)),
      owner: Math.floor(j / virtualNodes),
    })).sort((a, b) => a.point - b.point || a.owner - b.owner);
    this.points = Uint32Array.from(ring, (r) => r.point);
    this.owners = Uint32Array.from(ring, (r) => r.owner);
  }

  /** The instance (0-based) that owns a key, all instances up. */
  owner(key: number): number {
    const h = mix32(key + 1);
    if (this.points === null) return h % this.instances;
    return this.owners![this.first(h)]!;
  }

  /** The owner among `live` (instance indexes, a set), or -1 when none is live. */
  liveOwner(key: number, live: ReadonlySet<number>): number {
    const h = mix32(key + 1);
    if (this.points === null) {
      // Modulo hashing over what is live: the keys of every instance move (its known weakness).
      const up = [...live].sort((a, b) => a - b);
      return up.length === 0 ? -1 : up[h % up.length]!;
    }
    const n = this.points.length;
    for (let k = 0, i = this.first(h); k < n; k++, i = (i + 1) % n)
      if (live.has(this.owners![i]!)) return this.owners![i]!;
    return -1;
  }

  private first(h: number): number {
    const points = this.points!;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (points[mid]! < h) low = mid + 1;
      else high = mid;
    }
    return low === points.length ? 0 : low;
  }
}

/** Each instance's share of the calls under a hash balancer: the sum of its keys' probabilities. */
export function shardShares(
  config: HashConfig,
  instances: number,
  popularity: Float64Array,
): number[] {
  const ring = new HashRing(instances, config.virtualNodes);
  const shares = new Array<number>(instances).fill(0);
  for (let k = 0; k < popularity.length; k++) shares[ring.owner(k)]! += popularity[k]!;
  return shares;
}
