import { describe, expect, it } from "vitest";
import { parseScenario, simulate, sweep } from "../../src/index.js";

/**
 * meshsim/node, as a notebook in Node imports it: the built package (worker threads load the
 * built worker). Each runner must give what the portable library gives, wall time aside.
 */
const node = await import("meshsim/node");

const scenario = parseScenario({
  seed: 5,
  duration: 20,
  replications: 4,
  workload: { rate: 20 },
  services: {
    api: { instances: 2, latency: { dist: "exponential", mean: 0.04 } },
    db: { latency: { dist: "exponential", mean: 0.01 }, failure: 0.01 },
  },
  flows: { read: [{ api: ["db"] }] },
});
const stable = (r: object) => JSON.stringify({ ...r, wallSeconds: 0 });

describe("meshsim/node", () => {
  it("simulateInWorkers gives the serial report on two threads", async () => {
    const parallel = await node.simulateInWorkers(scenario, { workers: 2 });
    expect(stable(parallel)).toBe(stable(simulate(scenario)));
  });

  it("a SimulationPool's synchronous simulate gives the serial report, twice over", () => {
    const pool = new node.SimulationPool(2);
    try {
      const first = pool.simulate(scenario);
      const second = pool.simulate(scenario, { seed: 9 });
      expect(stable(first)).toBe(stable(simulate(scenario)));
      expect(stable(second)).toBe(stable(simulate(scenario, { seed: 9 })));
    } finally {
      pool.close();
    }
  });

  it("sweepInWorkers gives the serial sweep", async () => {
    const data = {
      seed: 2,
      duration: 10,
      workload: { rate: 10 },
      services: { api: { latency: { dist: "exponential", mean: 0.05 } } },
      flows: { f: ["api"] },
    };
    const axes = [{ path: "workload.rate", values: ["5/s", "10/s", "15/s"] }];
    const strip = (r: { points: { report: object }[] }) =>
      JSON.stringify(r.points.map((p) => stable(p.report)));
    const parallel = await node.sweepInWorkers(data, axes, { workers: 2 });
    expect(strip(parallel)).toBe(strip(sweep(data, axes)));
  });
});

describe("meshsim/node: an error in a worker thread", () => {
  // A scenario built by hand, past the parser: its latency cannot be sampled, so every
  // replication fails at run time, on whichever thread runs it.
  const broken = {
    ...scenario,
    services: {
      ...scenario.services,
      db: { ...scenario.services.db!, latency: { dist: "exponential" as const, mean: -1 } },
    },
  };

  it("reaches the caller as the kind of error it was, not a stack from the bundle", async () => {
    const error = await node.simulateInWorkers(broken, { workers: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe("exponential: mean must be > 0, got -1");
  });

  it("from a pool too, and the pool runs the next job as before", () => {
    const pool = new node.SimulationPool(2);
    try {
      expect(() => pool.simulate(broken)).toThrow(RangeError);
      expect(stable(pool.simulate(scenario))).toBe(stable(simulate(scenario)));
    } finally {
      pool.close();
    }
  });
});
