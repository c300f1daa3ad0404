/**
 * One benchmark workload in a process of its own, so wall time and peak RSS are the whole
 * process's: `node bench/workload.mjs w1|w2|ecommerce-1m|ecommerce-10m`. It goes through the
 * public path (parseScenario -> simulate -> report) of the single-file build
 * (dist/meshsim.bundle.js, `meshsim/bundle`), and prints JSON on stdout.
 */
import { readFileSync } from "node:fs";

const ROOT = new URL("..", import.meta.url);
const started = performance.now();
const { parseScenario, simulate } = await import(new URL("dist/meshsim.bundle.js", ROOT).href);
const imported = performance.now();

const read = (path) => readFileSync(new URL(path, ROOT), "utf8");
const WORKLOADS = {
  w1: () => parseScenario(read("bench/scenarios/w1.yaml")),
  w2: () => parseScenario(read("bench/scenarios/w2.yaml")),
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

const name = process.argv[2];
if (!(name in WORKLOADS)) {
  console.error(`usage: node bench/workload.mjs ${Object.keys(WORKLOADS).join("|")}`);
  process.exit(2);
}
const scenario = WORKLOADS[name]();
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
  }),
);
