import { describe, expect, it } from "vitest";
import { Instance } from "../../../src/models/world/instance.js";
import {
  EdgeStats,
  FaultStats,
  FlowStats,
  StationStats,
  StatsRegistry,
} from "../../../src/models/world/stats.js";

describe("stats objects: each owns its reset", () => {
  it("a registry resets every part it holds, and only what was counted before", () => {
    const registry = new StatsRegistry();
    const station = registry.add(new StationStats());
    const flow = registry.add(new FlowStats());
    const edge = registry.add(new EdgeStats());
    const fault = registry.add(new FaultStats());
    const instance = registry.add(new Instance("api-1", 0, 2, Number.POSITIVE_INFINITY));
    station.arrivals = 5;
    station.departure(0.2, false);
    station.departure(0.4, true);
    station.rejection(true);
    station.inSystem.update(1, 3);
    flow.started = 2;
    flow.succeededIn(0.1);
    flow.failedIn(0.3, "payment", "timeout");
    edge.calls = edge.retries = 4;
    fault.crashes = 1;
    instance.requests = 7;
    instance.busyTime.update(1, 2);

    expect([station.completed, station.failed, station.rejected, station.unavailable]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(Object.fromEntries(flow.failureReasons)).toEqual({ "payment: timeout": 1 });

    registry.reset(10);
    expect([station.arrivals, station.completed, station.failed, station.rejected]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(station.sojourn.count).toBe(0);
    // State is not a statistic: the calls still at the station stay counted.
    expect(station.inSystemNow).toBe(3);
    // From the reset on, the time average is of the state as it is: 3 in system.
    expect(station.inSystem.average(12)).toBe(3);
    expect([flow.started, flow.succeeded, flow.failed, flow.latency.count]).toEqual([0, 0, 0, 0]);
    expect(flow.failedBy.size + flow.failureReasons.size).toBe(0);
    expect(Object.values({ ...edge }).every((v) => v === 0)).toBe(true);
    expect(Object.values({ ...fault }).every((v) => v === 0)).toBe(true);
    expect(instance.requests).toBe(0);
    expect(instance.busyTime.integral(11)).toBe(2);
  });
});
