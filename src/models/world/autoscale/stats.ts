import { TimeWeightedAverage } from "../../../metrics/index.js";
import type { ScalingEvent } from "../../report.js";
import type { Resettable } from "../stats.js";

/** Scaling events a report keeps per service (the rest are counted). */
export const MAX_SCALING_EVENTS = 200;

/** What an autoscaled service's instances did: counts over time, decisions, instance-time. */
export class AutoscaleStats implements Resettable {
  decisions = 0;
  scaleUps = 0;
  scaleDowns = 0;
  /** Instances that take or finish calls (ready or draining), over time. */
  readonly serving = new TimeWeightedAverage();
  /** Instances paid for (provisioning, ready or draining), over time. */
  readonly paid = new TimeWeightedAverage();
  minServing = 0;
  maxServing = 0;
  readonly events: ScalingEvent[] = [];
  eventsLeftOut = 0;
  /** Seconds each instance served since the reset (by index), and since when it serves. */
  readonly upTotal: number[];
  readonly upSince: number[];
  windowServingStart = 0;
  /** When measurement began: event times count from it. */
  from = 0;

  constructor(
    instances: number,
    private readonly servingNow: () => number,
    private readonly isUp: (index: number) => boolean,
  ) {
    this.upTotal = new Array(instances).fill(0);
    this.upSince = new Array(instances).fill(0);
  }

  reset(now: number): void {
    this.decisions = this.scaleUps = this.scaleDowns = 0;
    this.serving.restart(now);
    this.paid.restart(now);
    this.minServing = this.maxServing = this.servingNow();
    this.events.length = 0;
    this.eventsLeftOut = 0;
    this.windowServingStart = 0;
    this.from = now;
    this.upTotal.fill(0);
    for (let i = 0; i < this.upSince.length; i++) if (this.isUp(i)) this.upSince[i] = now;
  }

  /** Seconds instance `index` served up to `now` since the reset. */
  upTime(index: number, now: number): number {
    return this.upTotal[index]! + (this.isUp(index) ? now - this.upSince[index]! : 0);
  }
}
