import { describe, expect, it } from "vitest";
import { meanConfidenceInterval, mmc } from "../../../src/metrics/index.js";
import type { ServiceConfig } from "../../../src/models/scenario/types.js";
import { createBalancer } from "../../../src/models/world/balancer.js";
import type { Cause, Continuation } from "../../../src/models/world/cause.js";
import { Call, Station } from "../../../src/models/world/station.js";
import type { Request } from "../../../src/models/world/walker.js";
import { Calendar, RandomSource } from "../../../src/sim/index.js";

const service = (over: Partial<ServiceConfig>): ServiceConfig => ({
  instances: 1,
  concurrency: 1,
  queue: null,
  latency: { dist: "exponential", mean: 1 },
  failure: 0,
  balancer: "round-robin",
  weights: null,
  blocking: false,
  cost: null,
  zones: null,
  cache: null,
  ...over,
});

/** A station alone on a calendar, fed a Poisson stream; its figures after a warm-up. */
function run(
  config: ServiceConfig,
  lambda: number,
  seed: number,
  warmup: number,
  span: number,
  crashable = false,
) {
  const calendar = new Calendar();
  const rng = new RandomSource(seed);
  const nested = { runSequence: () => {} };
  const station = new Station("s", "service", config, rng, calendar, nested);
  station.crashable = crashable;
  const outcomes = { ok: 0, failed: 0 };
  const done: Continuation = {
    resume: (cause: Cause | null) => {
      if (cause === null) outcomes.ok++;
      else outcomes.failed++;
    },
  };
  const arrivals = rng.stream("test/arrivals");
  const request = {} as Request;
  const arrive = () => {
    station.arrive(new Call(station, [], request, done));
    calendar.schedule(-Math.log(1 - arrivals.next()) / lambda, arrive);
  };
  calendar.schedule(0, arrive);
  calendar.scheduleAt(warmup, () => station.stats.reset(calendar.now));
  calendar.run({ until: warmup + span, maxEvents: 1e9 });
  return { station, now: calendar.now, outcomes };
}

describe("Station (instances, workers, FIFO queue)", () => {
  it("holds on average the M/M/c number in system, L (Erlang C)", () => {
    // M/M/3 at ρ = 0.8: 20 replications of 2,000 time units; theory within 4 standard errors.
    const lambda = 2.4;
    const L = mmc({ lambda, mu: 1, servers: 3 }).L;
    const samples = Array.from({ length: 20 }, (_, i) => {
      const { station, now } = run(service({ concurrency: 3 }), lambda, 100 + i, 200, 2000);
      return station.stats.inSystem.average(now);
    });
    const ci = meanConfidenceInterval(samples, 0.9999);
    expect(ci.low).toBeLessThan(L);
    expect(ci.high).toBeGreaterThan(L);
  });

  it("spreads calls round-robin over its instances: equal counts, within one", () => {
    const { station } = run(service({ instances: 4 }), 2, 7, 0, 500);
    const counts = station.instances.map((i) => i.requests);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it("round-robin picks in turn over what callers see, as the balancer of that name does", () => {
    // The station picks round-robin itself (no balancer closure): the same instance for every
    // call as createBalancer("round-robin") over the same views, while instances leave the
    // registry and come back.
    const calendar = new Calendar();
    const station = new Station(
      "s",
      "service",
      service({ instances: 4, latency: { dist: "constant", value: 1 } }),
      new RandomSource(1),
      calendar,
      { runSequence: () => {} },
    );
    const reference = createBalancer("round-robin", () => new RandomSource(1).stream("x"), null);
    const done: Continuation = { resume: () => {} };
    const picked: number[] = [];
    const expected: number[] = [];
    for (let k = 0; k < 60; k++) {
      if (k === 10) station.instances[1]!.registered = false;
      if (k === 25) station.instances[3]!.registered = false;
      if (k === 40) for (const i of station.instances) i.registered = true;
      station.updateView();
      const view = station.view;
      expected.push(view[view.length === 1 ? 0 : reference(view)]!.index);
      const call = new Call(station, [], {} as Request, done);
      station.arrive(call);
      picked.push(call.instance.index);
    }
    expect(picked).toEqual(expected);
    expect(picked.slice(0, 8)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(new Set(picked.slice(10, 25))).toEqual(new Set([0, 2, 3]));
  });

  it("rejects what a full queue cannot hold: M/M/1/K blocking", () => {
    // M/M/1/2 (one in service, one waiting) at λ = μ: blocking p_K = 1/3.
    const { station } = run(service({ queue: 1 }), 1, 3, 100, 20_000);
    const share = station.stats.rejected / station.stats.arrivals;
    const n = station.stats.arrivals;
    const se = Math.sqrt(((1 / 3) * (2 / 3)) / n);
    // Rejections are correlated in time: allow ten binomial standard errors.
    expect(Math.abs(share - 1 / 3)).toBeLessThan(10 * se);
  });

  it("a crash fails every call on the instance and empties it", () => {
    const { station } = run(service({ concurrency: 2 }), 5, 1, 0, 10, true);
    const instance = station.instances[0]!;
    const before = station.stats.failed;
    const outstanding = instance.outstanding;
    const victims = station.crash(instance, station.causes.noInstance);
    expect(victims).toHaveLength(outstanding);
    expect(instance.outstanding).toBe(0);
    expect(instance.queued).toBe(0);
    expect(station.stats.failed - before).toBe(outstanding);
    expect(victims.every((c) => c.dead)).toBe(true);
  });
});
