import { mgc, mmc } from "../../metrics/index.js";
import { createDistribution } from "../../sim/index.js";
import type { GroupFigures } from "../report.js";
import type { Scenario, TopicConfig } from "../scenario/types.js";
import type { CallNode } from "./calls.js";
import { isExponential } from "./figures.js";
import type { StationModel } from "./stations.js";

/** A topic as the analysis models it: its publish rate and its consumer groups. */
export interface TopicModel {
  name: string;
  config: TopicConfig;
  /** The broker's mean acknowledgement, seconds: all a publish adds to its caller's time. */
  ack: number;
  /** Publishes per second. */
  lambda: number;
  groups: GroupModel[];
}

/** A consumer group: c = its slots, held for the consumer's own work and calls. */
export interface GroupModel {
  service: string;
  node: CallNode;
  slots: number;
  figures: GroupFigures;
}

export type { GroupFigures };

/** The topics of a scenario, each with its ack mean; groups are added as they are bound. */
export function topicModels(scenario: Scenario): Map<string, TopicModel> {
  return new Map(
    Object.entries(scenario.topics).map(([name, config]) => [
      name,
      { name, config, ack: createDistribution(config.ack).mean, lambda: 0, groups: [] },
    ]),
  );
}

/**
 * The slots a group has, as the world assigns them: partition p held by instance p mod n,
 * each instance working on at most `concurrency` of its partitions: min(partitions, n·c)
 * when they spread evenly.
 */
export function groupSlots(partitions: number, station: StationModel): number {
  const n = station.config.instances;
  const c = station.config.concurrency;
  let slots = 0;
  for (let i = 0; i < n; i++) {
    const held = Math.floor(partitions / n) + (i < partitions % n ? 1 : 0);
    slots += Math.min(held, c);
  }
  return slots;
}

/**
 * A group's figures: competing consumers as an M/M/c of c = slots (M/G/c by Allen-Cunneen for
 * other service times, or when the consumer makes calls of its own), the hold time its own
 * work plus its calls' expected time (waits at the consumer service caused by other callers
 * are not in it), the backlog λ·Wq by Little's Law, the age Wq + hold.
 */
export function groupFigures(lambda: number, g: GroupModel, callsTime: number): GroupFigures {
  const s = g.node.station;
  const hold = s.ownMean + callsTime;
  const c = g.slots;
  const utilization = (lambda * hold) / c;
  const leaf = g.node.calls.length === 0;
  const exponential = leaf && isExponential(s.ownScv);
  const model = exponential ? (c === 1 ? "M/M/1" : "M/M/c") : "M/G/c (Allen-Cunneen)";
  if (lambda === 0 || hold === 0)
    return {
      slots: c,
      utilization: 0,
      backlog: 0,
      wait: 0,
      age: hold,
      unstable: false,
      model,
      exact: true,
    };
  if (utilization >= 1 || !Number.isFinite(hold))
    return {
      slots: c,
      utilization,
      backlog: null,
      wait: null,
      age: null,
      unstable: true,
      model,
      exact: true,
    };
  const q = exponential
    ? mmc({ lambda, mu: 1 / hold, servers: c })
    : mgc({ lambda, meanService: hold, servers: c, scv: leaf ? s.ownScv : 1 });
  return {
    slots: c,
    utilization,
    backlog: lambda * q.Wq,
    wait: q.Wq,
    age: q.Wq + hold,
    unstable: false,
    model,
    exact: exponential,
  };
}
