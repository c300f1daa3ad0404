import {
  type Calendar,
  createDistribution,
  type RandomSource,
  type RandomStream,
} from "../../../sim/index.js";
import type { Fault } from "../../scenario/types.js";
import type { Cause } from "../cause.js";
import type { Instance } from "../instance.js";
import type { Station } from "../station.js";
import { FaultStats } from "../stats.js";
import type { Discovery } from "./discovery.js";

/** One fault of the scenario, with its station, its cause and what it has cost. */
export class FaultState {
  readonly stats = new FaultStats();
  readonly cause: Cause;
  /** Instances a crash fault took down, to bring back. */
  down: Instance[] = [];
  constructor(
    readonly index: number,
    readonly fault: Fault,
    readonly station: Station,
  ) {
    const reason =
      fault.kind === "latency"
        ? "slowed by a fault"
        : fault.kind === "failure"
          ? "injected failure"
          : "crashed instance";
    this.cause = { where: station.name, reason, fault: this.stats };
  }
}

/** Random crashes of one instance: up for Exp(mtbf), down for Exp(mttr), again and again. */
interface Crasher {
  instance: Instance;
  fault: FaultState;
  rng: RandomStream;
  mtbf: number;
  mttr: number;
}

/**
 * The scenario's faults: crashes of some instances, added latency and raised failure
 * probabilities over a time window, and random crashes by mtbf and mttr. Each fault draws from
 * streams of its own (`faults/<index>/...`).
 */
export class Faults {
  readonly states: FaultState[];

  constructor(
    faults: readonly Fault[],
    stations: ReadonlyMap<string, Station>,
    private readonly rng: RandomSource,
    private readonly calendar: Calendar,
    private readonly discovery: Discovery,
  ) {
    this.states = faults.map((fault, i) => new FaultState(i, fault, stations.get(fault.service)!));
    for (const f of this.states) {
      if (f.fault.kind === "crash" || f.fault.kind === "random-crash") f.station.crashable = true;
      if (f.fault.kind === "failure") f.station.failureFaults = true;
    }
  }

  start(): void {
    for (const f of this.states) {
      const fault = f.fault;
      if (fault.kind === "random-crash") {
        f.station.instances.forEach((instance) => {
          const crasher: Crasher = {
            instance,
            fault: f,
            rng: this.rng.stream(`faults/${f.index}/${instance.id}`),
            mtbf: fault.mtbf,
            mttr: fault.mttr,
          };
          this.calendar.schedule(exponential(crasher.rng, fault.mtbf), this.randomCrash, crasher);
        });
        continue;
      }
      this.calendar.scheduleAt(fault.at, this.faultStarts, f);
      if (fault.for !== null) this.calendar.scheduleAt(fault.at + fault.for, this.faultEnds, f);
    }
  }

  private readonly faultStarts = (f: FaultState): void => {
    const fault = f.fault;
    const station = f.station;
    if (fault.kind === "crash") {
      f.down = station.instances.filter((i) => i.alive).slice(0, fault.instances);
      for (const instance of f.down) this.crash(instance, f);
    } else if (fault.kind === "latency") {
      station.extraLatency = createDistribution(fault.latency);
      station.extraLatencyRng = this.rng.stream(`faults/${f.index}/latency`);
      station.latencyFault = f.cause;
    } else if (fault.kind === "failure") {
      station.failureFault = { cause: f.cause, probability: fault.failure };
    }
  };

  private readonly faultEnds = (f: FaultState): void => {
    const station = f.station;
    const kind = f.fault.kind;
    if (kind === "crash") {
      for (const instance of f.down) {
        if (!instance.alive && instance.down?.by === f.cause) this.recover(f, instance);
      }
      f.down = [];
    } else if (kind === "latency" && station.latencyFault === f.cause) {
      station.extraLatency = null;
      station.latencyFault = null;
    } else if (kind === "failure" && station.failureFault?.cause === f.cause) {
      station.failureFault = null;
    }
  };

  private readonly randomCrash = (c: Crasher): void => {
    if (c.instance.alive) this.crash(c.instance, c.fault);
    this.calendar.schedule(exponential(c.rng, c.mttr), this.randomRecover, c);
  };

  private readonly randomRecover = (c: Crasher): void => {
    if (!c.instance.alive && c.instance.down?.by === c.fault.cause)
      this.recover(c.fault, c.instance);
    this.calendar.schedule(exponential(c.rng, c.mtbf), this.randomCrash, c);
  };

  /** An instance dies: its calls fail now, and the registry learns of it. */
  private crash(instance: Instance, f: FaultState): void {
    const victims = f.station.crash(instance, f.cause);
    f.stats.crashes++;
    f.stats.callsFailed += victims.length;
    this.discovery.down(f.station, instance);
    for (const call of victims) call.parent.resume(f.cause);
  }

  private recover(f: FaultState, instance: Instance): void {
    f.station.recover(instance);
    this.discovery.up(f.station);
  }
}

function exponential(rng: RandomStream, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}
