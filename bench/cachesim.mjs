/**
 * Counts that repeat (two runs of one build within 0.01%), where wall time on a shared machine
 * does not (50% apart): instructions,
 * first-level data misses and last-level data misses of a workload (bench/workload.mjs) under
 * valgrind's cache simulation, with a 1 MB last level standing for a core's L2 (the level a
 * large estate's station state falls out of).
 *
 *   node bench/cachesim.mjs [--json] [--bundle FILE] WORKLOAD [WORKLOAD...]
 *   node bench/cachesim.mjs topology-5000             # a quarter and a half, and per event
 *   node bench/cachesim.mjs --bundle /tmp/a.js w1@0.25 # one run of one fraction
 *
 * Node runs with `--predictable --hash-seed=1 --random-seed=1` and without address
 * randomisation (`setarch -R`): otherwise V8's collector schedules by the wall clock and the
 * counts of one build drift by about 2% (docs/architecture.md, "What a large topology costs").
 * A workload named without a fraction runs at 0.25 and 0.5 of its length, and the difference
 * over the events between them is the cost of one event, apart from the fixed cost (printed
 * per event). Two runs go at a time (one per core). Needs valgrind and setarch (Debian:
 * valgrind, util-linux); a run of 5,000 services takes about two minutes. `--json` prints each
 * run's counts as JSON.
 *
 * `handwritten:w1` and `handwritten:w2` count the hand-written loop (bench/handwritten.mjs,
 * whose fraction is of the customers) the same way, so that meshsim's cost per event and fixed
 * cost can be set beside the loop's: `npm run bench:cache -- w1 handwritten:w1`.
 */
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";
import { validFraction, workloadArgument } from "./argument.mjs";
import { compiledTwice } from "./compiledTwice.mjs";

const run = promisify(execFile);
const USAGE =
  "usage: node bench/cachesim.mjs [--json] [--bundle FILE] WORKLOAD[@FRACTION] ...\n" +
  "  WORKLOAD: one of bench/workload.mjs's (w1, w2, topology-5000, ...), or handwritten:w1|w2";
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
// Options first, in either order.
let json = false;
let bundle = null;
while (args[0] === "--json" || args[0] === "--bundle") {
  if (args.shift() === "--json") json = true;
  else bundle = args.shift();
}
if (args.length === 0 || bundle === undefined || args.some((a) => a.startsWith("-"))) {
  console.error(USAGE);
  process.exit(2);
}
const twice = bundle === null ? null : compiledTwice(bundle);
if (twice !== null) console.error(`cachesim: warning: ${twice}`);
for (const arg of args) {
  const { fraction } = workloadArgument(arg);
  if (!validFraction(fraction)) {
    console.error(`cachesim: ${arg}: a fraction must be in (0, 1]`);
    process.exit(2);
  }
}

const HANDWRITTEN = "handwritten:";

/** One workload at one fraction under cachegrind: its counts. */
async function measure(job) {
  const hand = job.startsWith(HANDWRITTEN);
  const script = new URL(hand ? "handwritten.mjs" : "workload.mjs", import.meta.url).pathname;
  const workload = hand ? job.slice(HANDWRITTEN.length) : job;
  const { stdout, stderr } = await run(
    "setarch",
    [
      "x86_64",
      "-R",
      "valgrind",
      "--tool=cachegrind",
      "--cache-sim=yes",
      "--LL=1048576,8,64",
      "--cachegrind-out-file=/dev/null",
      process.execPath,
      "--predictable",
      "--hash-seed=1",
      "--random-seed=1",
      script,
      workload,
    ],
    {
      env: bundle === null ? process.env : { ...process.env, MESHSIM_BUNDLE: bundle },
      maxBuffer: 1 << 24,
    },
  ).catch((error) => {
    // The workload's own complaint (an unknown name), not valgrind's banner around it.
    const said = String(error.stderr ?? "")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("==") && !l.startsWith("--"));
    console.error(`cachesim: ${job}: ${said.join("\n") || error.message}`);
    process.exit(2);
  });
  const count = (label) => {
    const line = stderr.split("\n").find((l) => new RegExp(`${label}\\s*(refs|misses):`).test(l));
    if (line === undefined) throw new Error(`cachesim: no "${label}" in valgrind's output`);
    return Number(line.split(":")[1].trim().split(/\s+/)[0].replaceAll(",", ""));
  };
  const { events } = JSON.parse(stdout);
  return { events, instructions: count("I"), d1: count("D1"), l2: count("LLd") };
}

const jobs = args.flatMap((arg) => (arg.includes("@") ? [arg] : [`${arg}@0.25`, `${arg}@0.5`]));
const results = [];
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(2, availableParallelism()) }, async () => {
    while (next < jobs.length) {
      const k = next++;
      results[k] = await measure(jobs[k]);
    }
  }),
);

if (json) {
  console.log(JSON.stringify(jobs.map((workload, k) => ({ workload, ...results[k] }))));
  process.exit(0);
}
const millions = (x) => (x / 1e6).toFixed(2);
const row = (label, cells) =>
  console.log(label.padEnd(30) + cells.map((c, i) => c.padStart(i === 0 ? 12 : 16)).join(""));
row("workload", ["events", "instructions M", "L1d misses M", "L2 misses M"]);
for (const [k, job] of jobs.entries()) {
  const r = results[k];
  row(job, [
    r.events.toLocaleString("en"),
    millions(r.instructions),
    millions(r.d1),
    millions(r.l2),
  ]);
}
for (const arg of args.filter((a) => !a.includes("@"))) {
  const [a, b] = [`${arg}@0.25`, `${arg}@0.5`].map((job) => results[jobs.indexOf(job)]);
  const n = b.events - a.events;
  const each = (k) => ((b[k] - a[k]) / n).toFixed(1);
  row(`${arg}: an event`, [n.toLocaleString("en"), each("instructions"), each("d1"), each("l2")]);
}
