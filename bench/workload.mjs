/**
 * One benchmark workload in a process of its own, so wall time and peak RSS are the whole
 * process's: `node bench/workload.mjs w1|w2|ecommerce-1m|ecommerce-10m|topology-N[-busy-B][@F]`.
 * It goes through the public path (parseScenario -> simulate -> report) of the single-file
 * build (dist/meshsim.bundle.js, `meshsim/bundle`; MESHSIM_BUNDLE names another build, to
 * compare two: name it `.mjs`, as Node 20 compiles a `.js` module outside an ES-module package
 * twice; see compiledTwice.mjs), and prints JSON on stdout. `@F` runs the fraction F of the workload's duration
 * (`w1@0.25`): bench/run.ts splits a workload's wall time into a fixed cost and a cost per
 * event from a quarter and the whole.
 */
import { readFileSync } from "node:fs";
import { validFraction, workloadArgument } from "./argument.mjs";

const ROOT = new URL("..", import.meta.url);
const started = performance.now();
const { parseScenario, simulate } = await import(
  process.env.MESHSIM_BUNDLE
    ? new URL(process.env.MESHSIM_BUNDLE, `file://${process.cwd()}/`).href
    : new URL("dist/meshsim.bundle.js", ROOT).href
);
const imported = performance.now();

const read = (path) => readFileSync(new URL(path, ROOT), "utf8");
const w1 = () => parseScenario(read("bench/scenarios/w1.yaml"));
/** W1's load over two instances: random, or hashed over 100,000 uniform keys. */
const twoShards = (balancer) => {
  const s = w1();
  const server = {
    ...s.services.server,
    instances: 2,
    balancer,
    hash: balancer === "hash" ? { keys: 100_000, zipf: 0, virtualNodes: null } : null,
  };
  return { ...s, workload: { ...s.workload, rate: 1.8 }, services: { server } };
};
const WORKLOADS = {
  w1: () => parseScenario(read("bench/scenarios/w1.yaml")),
  w2: () => parseScenario(read("bench/scenarios/w2.yaml")),
  // W1 with each part of the data tier on its one call, to price it per call (bench/run.ts).
  // Each leaves the M/M/1 as it is: a 1 µs network, a pool that never fills, a cache that
  // never hits (every call also visits the cache's server), a hash over uniform keys.
  "w1-network": () => ({
    ...w1(),
    links: { "client->server": { network: { dist: "constant", value: 1e-6 }, pool: null } },
  }),
  "w1-pool": () => ({
    ...w1(),
    links: { "client->server": { network: null, pool: { size: 1000, per: "service", wait: 1e6 } } },
  }),
  "w1-cache": () => {
    const s = w1();
    const kv = {
      ...s.services.server,
      concurrency: 1000,
      latency: { dist: "constant", value: 1e-9 },
    };
    const server = { ...s.services.server, cache: { service: "kv", kind: "ratio", hitRatio: 0 } };
    return { ...s, services: { server, kv } };
  },
  "w1-2": () => twoShards("random"),
  "w1-2-hash": () => twoShards("hash"),
  // The e-commerce example at 200 requests/s: 5,000 s for a million requests.
  "ecommerce-1m": () => ({
    ...parseScenario(read("examples/ecommerce.yaml")),
    warmup: 0,
    duration: 5_000,
    timeline: { window: 50 },
  }),
  "ecommerce-10m": () => ({
    ...parseScenario(read("examples/ecommerce.yaml")),
    warmup: 0,
    duration: 50_000,
    timeline: { window: 500 },
  }),
};

/**
 * The same work over `n` services: chains of five calls (flow k calls services 5k..5k+4 in
 * turn), two instances of four workers each, 1 ms exponential work, 200,000 requests (about
 * 1.2 million events) spread evenly over the n / 5 flows. The events are the same whatever n;
 * only the topology grows. `busy`: only the first `busy` services' flows have a share of the
 * mix (the rest exist and are analysed and reported, but take no calls), which tells the cost
 * per service outside the run from the cost of many stations taking calls.
 */
const topology = (n, busy = n) => {
  const services = {};
  for (let i = 0; i < n; i++)
    services[`s${i}`] = {
      instances: 2,
      concurrency: 4,
      latency: { dist: "exponential", mean: "1ms" },
    };
  const flows = {};
  const mix = {};
  for (let k = 0; k < n / 5; k++) {
    flows[`f${k}`] = [0, 1, 2, 3, 4].map((j) => `s${5 * k + j}`);
    mix[`f${k}`] = 5 * k < busy ? 1 : 0;
  }
  return parseScenario({
    seed: 1,
    duration: "1000s",
    warmup: "0s",
    workload: { rate: "200/s", mix },
    services,
    flows,
  });
};
const { name, fraction } = workloadArgument(process.argv[2]);
const scale = /^topology-(\d+)(?:-busy-(\d+))?$/.exec(name);
if (scale)
  WORKLOADS[scale[0]] = () =>
    topology(Number(scale[1]), scale[2] === undefined ? undefined : Number(scale[2]));

if (!(name in WORKLOADS) || !validFraction(fraction)) {
  console.error(`usage: node bench/workload.mjs ${Object.keys(WORKLOADS).join("|")}[@fraction]`);
  process.exit(2);
}
const whole = WORKLOADS[name]();
const scenario = fraction === 1 ? whole : { ...whole, duration: whole.duration * fraction };
const report = simulate(scenario);
const done = performance.now();
const flow = Object.values(report.flows)[0];
console.log(
  JSON.stringify({
    customers: report.totals.started,
    events: report.events,
    meanSojourn: name.startsWith("w") ? flow.latency.mean : report.totals.latency.mean,
    importSeconds: (imported - started) / 1000,
    simulateSeconds: (done - imported) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    reportMB: scale ? JSON.stringify(report).length / 1e6 : undefined,
  }),
);
