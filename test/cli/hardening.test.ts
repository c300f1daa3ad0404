import { describe, expect, it } from "vitest";
import { expectRefused, meshsim, scratchFiles } from "../support/cli.js";

const { dir: scratch, file } = scratchFiles("hardening");
const small = file(
  "small.yaml",
  "duration: 10s\nreplications: 2\nworkload: { rate: 5/s }\nservices:\n  api: { latency: 10ms }\nflows:\n  main: [api]\n",
);

describe("the CLI refuses what would crash, hang or exhaust the machine, with exit 2", () => {
  it("an endless input file (/dev/zero) is refused after 16 MiB", () => {
    expectRefused(meshsim(["validate", "/dev/zero"]), /larger than 16 MiB/);
  });

  it("a directory", () => {
    expectRefused(meshsim(["validate", scratch]), /it is a directory/);
  });

  it("--workers 1000", () => {
    expectRefused(meshsim(["run", small, "--workers", "1000"]), /--workers must be at most 256/);
  });

  it("diagram --flow named like an Object member", () => {
    expectRefused(meshsim(["diagram", small, "--flow", "toString"]), /unknown flow "toString"/);
  });

  it("merge of shards whose header is whole and whose results are not", () => {
    const a = meshsim(["run", small, "--shard", "1/2"]);
    const b = meshsim(["run", small, "--shard", "2/2"]);
    expect(a.code).toBe(0);
    const damaged = JSON.parse(b.stdout);
    damaged.results[0].result = { services: "oops" };
    const one = file("a.json", a.stdout);
    const two = file("b.json", JSON.stringify(damaged));
    expectRefused(meshsim(["merge", one, two]), /results are damaged/);
    const indexless = JSON.parse(b.stdout);
    indexless.results[0].index = 99;
    expectRefused(
      meshsim(["merge", one, file("c.json", JSON.stringify(indexless))]),
      /a result for no replication of this run \(index 99\)/,
    );
  });
});

describe("smaller refusals", () => {
  it("merge --slo of a run whose scenario states no objectives exits 2, as run --slo does", () => {
    const a = file("m1.json", meshsim(["run", small, "--shard", "1/2"]).stdout);
    const b = file("m2.json", meshsim(["run", small, "--shard", "2/2"]).stdout);
    expectRefused(meshsim(["merge", a, b, "--slo"]), /states no objectives/);
    expectRefused(meshsim(["run", small, "--slo"]), /states no objectives/);
  });

  it("sweep --until-breach --limit 0", () => {
    expectRefused(
      meshsim(["sweep", small, "--until-breach", "--limit", "0"]),
      /limit must be a number > 1/,
    );
  });

  it("a missing field or a wrong type is named in meshsim's words, not zod's", () => {
    const missing = file("missing.yaml", "services:\n  api: {}\nflows:\n  f: [api]\n");
    const r = meshsim(["validate", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("workload: required");
    expect(r.stderr).toContain("services.api.latency: required");
    expect(r.stderr).not.toMatch(/Invalid input/);
    const typed = file(
      "typed.yaml",
      `${"workload: { rate: 1 }\nservices:\n  api: { latency: 1ms }\nflows:\n  f: [api]\n"}gateway: 5\n"": 1\n`,
    );
    const t = meshsim(["validate", typed]);
    expect(t.stderr).toContain("gateway: expected an object, got 5");
    expect(t.stderr).toContain('[""]: unknown key');
  });

  it("a run that measured nothing shows – for its rates, not 0.00%", () => {
    const idle = file(
      "idle.yaml",
      "duration: 10s\nworkload: { rate: 0.0001/s }\nservices:\n  api: { latency: 1ms }\nflows:\n  main: [api]\n",
    );
    const r = meshsim(["run", idle]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/main\s+│\s+0 │\s+– \(100\.00%\)/);
    expect(JSON.parse(meshsim(["run", idle, "--json"]).stdout).flows.main.successRate).toBeNull();
  });
});

describe("--precision", () => {
  const steady = file(
    "steady.yaml",
    "seed: 4\nduration: 60s\nwarmup: 5s\nworkload: { rate: 20/s }\nservices:\n  api: { concurrency: 2, latency: { dist: exponential, mean: 40ms } }\nflows:\n  main: [api]\nslo:\n  flows: { main: { p99: 1s } }\n",
  );

  it("run, compare, sweep and plan take it, and say how many replications it took", () => {
    const run = JSON.parse(meshsim(["run", steady, "--precision", "5%", "--json"]).stdout);
    expect(run.precision).toMatchObject({ target: 0.05, reached: true });
    expect(run.replications).toBe(run.precision.replications);
    expect(meshsim(["run", steady, "--precision", "5%"]).stdout).toMatch(
      /precise to ±5\.0% \(95%\) after \d+ replications/,
    );
    const c = meshsim([
      "compare",
      steady,
      "--set",
      "services.api.concurrency=3",
      "--precision",
      "10%",
    ]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/precise to ±10\.0% of the base/);
    const sweep = JSON.parse(
      meshsim(["sweep", steady, "--vary", "workload.rate=10/s,20/s", "--precision", "5%", "--json"])
        .stdout,
    );
    for (const p of sweep.points) expect(p.report.precision.reached).toBe(true);
    const plan = meshsim(["plan", steady, "--precision", "5%", "--json"]);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).report.precision.target).toBe(0.05);
  });

  it("refuses a share outside (0, 1)", () => {
    expectRefused(
      meshsim(["run", steady, "--precision", "150%"]),
      /expected a share such as 0.02 or 2%/,
    );
  });
});
