import { DOUBLE_ZERO } from "../../../metrics/doubleZero.js";
import { TimeWeightedAverage } from "../../../metrics/index.js";
import { type Calendar, Fifo } from "../../../sim/index.js";
import type { PoolConfig } from "../../scenario/types.js";
import type { Cause, Continuation } from "../cause.js";
import type { Instance } from "../instance.js";
import type { Resettable } from "../stats.js";

/** What a pool did: calls, those that waited, how long, those that gave up, connections held. */
export class PoolStats implements Resettable {
  acquired = 0;
  waited = 0;
  waitTime = DOUBLE_ZERO;
  exhausted = 0;
  /** Connections in use, summed over the pool's groups, over time. */
  readonly inUse = new TimeWeightedAverage();
  reset(now: number): void {
    this.acquired = this.waited = this.exhausted = 0;
    this.waitTime = DOUBLE_ZERO;
    this.inUse.restart(now);
  }
}

/** A call waiting for a connection, or holding one; it releases it when its call is done. */
export class Lease implements Continuation {
  group!: Group;
  since = DOUBLE_ZERO;
  timer = -1;
  /** Gave up waiting: the waiting list skips it. */
  expired = false;
  constructor(
    readonly pool: Pool,
    readonly parent: Continuation,
    readonly start: (lease: Lease) => void,
  ) {}
  /** The call made with the connection is over: release it, then answer the caller. */
  resume(cause: Cause | null): void {
    this.pool.release(this.group);
    this.parent.resume(cause);
  }
}

/** One pool of connections (per caller instance, or the whole caller service's). */
interface Group {
  inUse: number;
  readonly waiting: Fifo<Lease>;
}

/**
 * A connection pool on an edge (the bulkhead pattern): at most `size` calls at once from each
 * caller instance (`per: instance`) or from the whole caller (`per: service`); a call beyond
 * them waits FIFO for a connection and fails after `wait` (pool exhausted).
 */
export class Pool {
  readonly stats = new PoolStats();
  private readonly groups = new Map<Instance | null, Group>();
  constructor(
    readonly key: string,
    readonly config: PoolConfig,
    private readonly calendar: Calendar,
    readonly cause: Cause,
  ) {}

  /** How many pools there are now (one per caller instance that has called). */
  get count(): number {
    return Math.max(1, this.groups.size);
  }

  acquire(from: Instance | null, lease: Lease): void {
    const key = this.config.per === "instance" ? from : null;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { inUse: 0, waiting: new Fifo<Lease>() };
      this.groups.set(key, group);
    }
    lease.group = group;
    const now = this.calendar.now;
    if (group.inUse < this.config.size) {
      group.inUse++;
      this.stats.inUse.add(now, 1);
      this.grant(lease, now);
      return;
    }
    lease.since = now;
    group.waiting.push(lease);
    lease.timer = this.calendar.schedule(this.config.wait, this.expire, lease);
  }

  private grant(lease: Lease, now: number): void {
    this.stats.acquired++;
    if (lease.timer >= 0) {
      this.stats.waited++;
      this.stats.waitTime += now - lease.since;
      this.calendar.cancel(lease.timer);
      lease.timer = -1;
    }
    lease.start(lease);
  }

  /** A connection comes back: the next live waiter takes it, or it goes idle. */
  release(group: Group): void {
    const now = this.calendar.now;
    while (group.waiting.length > 0) {
      const next = group.waiting.shift()!;
      if (next.expired) continue;
      this.grant(next, now);
      return;
    }
    group.inUse--;
    this.stats.inUse.add(now, -1);
  }

  private readonly expire = (lease: Lease): void => {
    lease.expired = true;
    lease.timer = -1;
    this.stats.exhausted++;
    lease.parent.resume(this.cause);
  };
}
