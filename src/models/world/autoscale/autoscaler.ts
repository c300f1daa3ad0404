import {
  type Calendar,
  createDistribution,
  type Distribution,
  type RandomSource,
  type RandomStream,
} from "../../../sim/index.js";
import type { AutoscaleConfig, ServiceConfig } from "../../scenario/types.js";
import type { Instance } from "../instance.js";
import type { ConsumerGroup } from "../messaging/topic.js";
import type { Station } from "../station.js";
import type { Resettable } from "../stats.js";
import { recommend, Stabilizer } from "./rule.js";
import { AutoscaleStats, MAX_SCALING_EVENTS } from "./stats.js";

/**
 * A horizontal autoscaler for one service, after the Kubernetes Horizontal Pod Autoscaler
 * (kubernetes.io, "Horizontal Pod Autoscaling", algorithm details) and, for `lag`, KEDA's
 * scaler for consumers. Every `interval` it reads the metric and recommends
 *   desired = ceil(ready × metric per ready instance / target),
 * none while |ratio - 1| <= tolerance; on a scale-up, instances still provisioning count as
 * idle (0) and the step is skipped if that brings the ratio within the tolerance. The highest
 * recommendation over the scale-down window and the lowest over the scale-up window bound the
 * change (stabilization), which adds at most `scaleUp.maxStep` (default max(4, current), the
 * HPA's) and removes at most `scaleDown.maxStep`, within [min, max] (and, for lag, at most one
 * instance per partition, as KEDA). A new instance takes calls after `provisioning`; a removed
 * one stops taking calls (the provisioning first, then the newest ready) and leaves when idle.
 */
export class Autoscaler implements Resettable {
  readonly stats: AutoscaleStats;
  private readonly concurrency: number;
  private readonly provisioning: Distribution;
  private readonly ready: Instance[];
  private readonly starting: Instance[] = [];
  private readonly draining = new Set<Instance>();
  /** Every instance in use: provisioning, ready or draining (the rest are idle). */
  private readonly held = new Set<Instance>();
  private readonly rule: Stabilizer;
  /** The count decided last: ready and provisioning. */
  private spec: number;
  /** Integrals at the last decision, for the metric over the interval since. */
  private lastBusy = 0;
  private lastInSystem = 0;
  private carried = { busy: 0, inSystem: 0 };

  constructor(
    private readonly station: Station,
    readonly config: AutoscaleConfig,
    private readonly rng: RandomStream,
    private readonly calendar: Calendar,
    private readonly groups: readonly ConsumerGroup[],
  ) {
    this.concurrency = station.instances[0]!.concurrency;
    this.provisioning = createDistribution(this.config.provisioning);
    this.ready = [...station.view];
    for (const instance of this.ready) this.held.add(instance);
    this.spec = this.ready.length;
    const partitions = groups.reduce((a, g) => Math.max(a, g.topic.config.partitions), 0);
    this.rule = new Stabilizer(config, config.metric === "lag" ? partitions : null);
    this.stats = new AutoscaleStats(
      station.instances.length,
      () => this.ready.length + this.draining.size,
      (i) => {
        const instance = station.instances[i]!;
        return this.held.has(instance) && !this.starting.includes(instance);
      },
    );
    this.stats.serving.update(0, this.ready.length);
    this.stats.paid.update(0, this.ready.length);
    this.stats.minServing = this.stats.maxServing = this.ready.length;
  }

  start(): void {
    this.calendar.schedule(this.config.interval, this.decide, null);
  }

  /** The warm-up ends: keep what the current interval measured before the station's reset. */
  reset(now: number): void {
    this.carried = {
      busy: this.station.busyIntegral(now) - this.lastBusy,
      inSystem: this.station.stats.inSystem.integral(now) - this.lastInSystem,
    };
    this.lastBusy = this.lastInSystem = 0;
  }

  /** The metric's total over the ready instances, for the interval just ended (or now, lag). */
  private total(now: number): number {
    const interval = this.config.interval;
    switch (this.config.metric) {
      case "utilization": {
        const busy = this.station.busyIntegral(now);
        const total = (busy - this.lastBusy + this.carried.busy) / (interval * this.concurrency);
        this.lastBusy = busy;
        this.carried.busy = 0;
        return total;
      }
      case "inflight": {
        const area = this.station.stats.inSystem.integral(now);
        const total = (area - this.lastInSystem + this.carried.inSystem) / interval;
        this.lastInSystem = area;
        this.carried.inSystem = 0;
        return total;
      }
      case "lag":
        return this.groups.reduce((a, g) => a + g.stats.backlogNow, 0);
    }
  }

  private readonly decide = (): void => {
    const now = this.calendar.now;
    const config = this.config;
    this.calendar.schedule(config.interval, this.decide, null);
    const total = this.total(now);
    const ready = this.ready.length;
    if (ready === 0) return; // nothing ready to read a metric from: wait for it
    this.stats.decisions++;
    const recommended = recommend(config, total, ready, this.starting.length, this.spec);
    const desired = this.rule.stabilize(now, recommended, this.spec);
    if (desired === this.spec) return;
    this.record(now, desired, total / ready);
    if (desired > this.spec) this.scaleUp(now, desired - this.spec);
    else this.scaleDown(now, this.spec - desired);
  };

  private record(now: number, to: number, metric: number): void {
    const stats = this.stats;
    if (to > this.spec) stats.scaleUps++;
    else stats.scaleDowns++;
    if (stats.events.length < MAX_SCALING_EVENTS)
      stats.events.push({ time: now - stats.from, from: this.spec, to, metric });
    else stats.eventsLeftOut++;
  }

  private scaleUp(now: number, count: number): void {
    for (let k = 0; k < count; k++) {
      const instance = this.idleInstance();
      this.starting.push(instance);
      this.held.add(instance);
      this.calendar.schedule(this.provisioning.sample(this.rng), this.provisioned, instance);
    }
    this.spec += count;
    this.stats.paid.update(now, this.paidNow());
  }

  /** The lowest-numbered instance doing nothing (so zones keep their turn). */
  private idleInstance(): Instance {
    for (const instance of this.station.instances) if (!this.held.has(instance)) return instance;
    throw new Error("autoscaler: no idle instance below max");
  }

  private readonly provisioned = (instance: Instance): void => {
    const k = this.starting.indexOf(instance);
    if (k < 0) return; // cancelled by a scale-down while it started
    this.starting.splice(k, 1);
    this.ready.push(instance);
    this.ready.sort((a, b) => a.index - b.index);
    this.stats.upSince[instance.index] = this.calendar.now;
    this.changed();
  };

  private scaleDown(now: number, count: number): void {
    let left = count;
    // Cancel instances still starting (newest first), then drain the newest ready ones.
    while (left > 0 && this.starting.length > 0) {
      this.held.delete(this.starting.pop()!);
      left--;
    }
    const leaving = this.ready.splice(this.ready.length - left, left);
    this.spec -= count;
    for (const instance of leaving) {
      instance.draining = true;
      this.draining.add(instance);
    }
    if (leaving.length > 0) this.changed();
    for (const instance of leaving) if (instance.outstanding === 0) this.drained(instance);
    this.stats.paid.update(now, this.paidNow());
  }

  /** A draining instance has finished its last call: it leaves. */
  drained(instance: Instance): void {
    if (!this.draining.delete(instance)) return;
    this.held.delete(instance);
    const now = this.calendar.now;
    instance.draining = false;
    const stats = this.stats;
    stats.upTotal[instance.index]! += now - stats.upSince[instance.index]!;
    this.serving(now);
    stats.paid.update(now, this.paidNow());
  }

  /** The ready set changed: callers and consumer groups see the new one. */
  private changed(): void {
    const now = this.calendar.now;
    this.station.view = [...this.ready];
    for (const g of this.groups) g.rebalance(this.ready);
    this.serving(now);
    this.stats.paid.update(now, this.paidNow());
  }

  private serving(now: number): void {
    const stats = this.stats;
    const serving = this.ready.length + this.draining.size;
    stats.serving.update(now, serving);
    if (serving < stats.minServing) stats.minServing = serving;
    if (serving > stats.maxServing) stats.maxServing = serving;
  }

  private paidNow(): number {
    return this.ready.length + this.draining.size + this.starting.length;
  }

  /** Instances ready now. */
  get readyCount(): number {
    return this.ready.length;
  }
}

/** An autoscaler for each autoscaled service, on its own stream (`autoscale/<service>`). */
export function autoscalersOf(
  stations: readonly Station[],
  services: Record<string, ServiceConfig>,
  groups: readonly ConsumerGroup[],
  rng: RandomSource,
  calendar: Calendar,
): Map<string, Autoscaler> {
  const out = new Map<string, Autoscaler>();
  for (const station of stations) {
    const config = services[station.name]!.autoscale;
    if (config === undefined) continue;
    const own = groups.filter((g) => g.step.station === station);
    const scaler = new Autoscaler(
      station,
      config,
      rng.stream(`autoscale/${station.name}`),
      calendar,
      own,
    );
    station.autoscaler = scaler;
    out.set(station.name, scaler);
  }
  return out;
}
