/**
 * `npm run bench`: meshsim's performance figures. Each workload runs in a process of its own,
 * five times, interleaved with the same model in a hand-written event loop
 * (bench/handwritten.mjs, the speed-of-light reference). The table gives the median
 * whole-process wall time (node start to exit, as a user waits for it), throughput and peak
 * RSS of each, and checks every run's mean sojourn against queueing theory, so a fast wrong
 * run cannot pass unnoticed. A ratio is the median of the rounds' ratios (each round runs both
 * commands back to back), so a drift in the machine's speed between rounds does not move
 * it. Each of W1, W2 and the smallest and largest topologies also runs
 * at a quarter of its length, which splits its wall time into a fixed cost and a cost per event.
 * `npm run bench -- --json` prints the figures as JSON; `--quick` runs each workload once.
 * Timing lives here, never in tests.
 */
import { spawn, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { mm1, mmc } from "../src/index.js";
import { benchCalendar } from "./calendar.js";

const json = process.argv.includes("--json");
const runs = process.argv.includes("--quick") ? 1 : 5;
const root = fileURLToPath(new URL("..", import.meta.url));

interface Child {
  customers: number;
  events: number;
  meanSojourn: number;
  peakRssMB: number;
  reportMB?: number;
}

/** A command's median wall time, every round's, and its output. */
type Measured = { wall: number; walls: number[]; out: Child };

/** One whole-process run of `node <args>`: its wall time and its output. */
function once(args: string[]): { wall: number; out: Child } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const wall = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return { wall, out: JSON.parse(r.stdout) as Child };
}

/** What the package issue asks of these figures; the bench says whether each is met. */
const TARGETS = { ratio: 1.3, loadMs: 40, topologyRatio: 1.5, topologyRssMB: 300 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Run each of `commands` `n` times, interleaved (a, b, a, b, ...), so that a change in the
 * machine's load during the bench falls on all of them alike; the median wall time of each,
 * and every round's for `pairRatio`.
 */
function measure(commands: string[][], n: number): Measured[] {
  const walls = commands.map(() => [] as number[]);
  const outs: Child[] = [];
  for (let i = 0; i < n; i++) {
    commands.forEach((args, k) => {
      const r = once(args);
      walls[k]!.push(r.wall);
      outs[k] = r.out;
    });
  }
  return commands.map((_, k) => ({ wall: median(walls[k]!), walls: walls[k]!, out: outs[k]! }));
}

/**
 * How much longer `a` takes than `b`: the median over rounds of a's wall over b's in the same
 * round, which a drift in the machine's speed between rounds does not move.
 */
const pairRatio = (a: Measured, b: Measured) => median(a.walls.map((w, i) => w / b.walls[i]!));

// Theory: W1's M/M/1 sojourn 1/(mu - lambda) = 10; W2's six M/M/2 sojourns.
const theory = {
  w1: mm1({ lambda: 0.9, mu: 1 }).W,
  w2: 6 * mmc({ lambda: 1.5, mu: 1, servers: 2 }).W,
};
// At these utilizations the mean of a million correlated sojourns is good to about 1-2%.
const TOLERANCE = 0.04;

/**
 * A workload's wall time split into a fixed cost (process start, import, parse, analysis, JIT
 * warm-up, report) and a cost per event, from a run of a quarter of its length and of the
 * whole: the line through the two points.
 */
const QUARTER = 0.25;
interface Split {
  fixedMilliseconds: number;
  nanosecondsPerEvent: number;
}
const split = (quarter: Measured, whole: Measured): Split => {
  const perEvent = (whole.wall - quarter.wall) / (whole.out.events - quarter.out.events);
  return {
    fixedMilliseconds: (whole.wall - perEvent * whole.out.events) * 1e3,
    nanosecondsPerEvent: perEvent * 1e9,
  };
};

const rows = (["w1", "w2"] as const).map((name) => {
  const [sim, hand, simQuarter, handQuarter] = measure(
    [
      ["bench/workload.mjs", name],
      ["bench/handwritten.mjs", name],
      ["bench/workload.mjs", `${name}@${QUARTER}`],
      ["bench/handwritten.mjs", `${name}@${QUARTER}`],
    ],
    runs,
  ) as [Measured, Measured, Measured, Measured];
  const figures = ({ wall, out }: Measured) => ({
    wallSeconds: wall,
    customersPerSecond: out.customers / wall,
    eventsPerSecond: out.events / wall,
    peakRssMB: out.peakRssMB,
    meanSojourn: out.meanSojourn,
    theoryOk: Math.abs(out.meanSojourn / theory[name] - 1) <= TOLERANCE,
  });
  return {
    workload: name,
    customers: sim.out.customers,
    meshsim: { ...figures(sim), split: split(simQuarter, sim) },
    handwritten: { ...figures(hand), split: split(handQuarter, hand) },
    theory: theory[name],
    ratio: pairRatio(sim, hand),
  };
});

const ecommerce = (["ecommerce-1m", "ecommerce-10m"] as const).map((name) => {
  const [r] = measure([["bench/workload.mjs", name]], name === "ecommerce-1m" ? runs : 1) as [
    Measured,
  ];
  return {
    workload: name,
    requests: r.out.customers,
    wallSeconds: r.wall,
    requestsPerSecond: r.out.customers / r.wall,
    eventsPerSecond: r.out.events / r.wall,
    peakRssMB: r.out.peakRssMB,
  };
});

// The same work over a growing topology (bench/workload.mjs topology-N), interleaved: the cost
// should follow the events, not the services. The last row keeps 5,000 services with only 10
// of them taking calls: what the services cost outside the run, apart from the run's locality.
const SIZES = [
  { services: 10, busy: 10 },
  { services: 1_000, busy: 1_000 },
  { services: 5_000, busy: 5_000 },
  { services: 5_000, busy: 10 },
];
/** The largest topology with every service busy: the one the target is about. */
const LARGEST = SIZES.findIndex(({ services, busy }) => services === 5_000 && busy === services);
const topologyRuns = measure(
  [
    ...SIZES.map(({ services, busy }) => [
      "bench/workload.mjs",
      busy === services ? `topology-${services}` : `topology-${services}-busy-${busy}`,
    ]),
    // A quarter of the work at the smallest and the largest, for the split into fixed and per event.
    ["bench/workload.mjs", `topology-${SIZES[0]!.services}@${QUARTER}`],
    ["bench/workload.mjs", `topology-${SIZES[LARGEST]!.services}@${QUARTER}`],
  ],
  runs,
);
const topology = SIZES.map(({ services, busy }, k) => {
  const r = topologyRuns[k]!;
  return {
    services,
    busy,
    events: r.out.events,
    wallSeconds: r.wall,
    relative: pairRatio(r, topologyRuns[0]!),
    peakRssMB: r.out.peakRssMB,
    reportMB: r.out.reportMB ?? 0,
  };
});
const topologySplit = [
  { services: SIZES[0]!.services, ...split(topologyRuns[SIZES.length]!, topologyRuns[0]!) },
  {
    services: SIZES[LARGEST]!.services,
    ...split(topologyRuns[SIZES.length + 1]!, topologyRuns[LARGEST]!),
  },
];

// The data tier's parts, priced per call: W1 with each on its one call against W1 itself, and
// the hash balancer against random over the same two instances, interleaved.
const perCall = (base: string, variants: string[]) => {
  const measured = measure(
    [base, ...variants].map((w) => ["bench/workload.mjs", w]),
    runs,
  );
  const [b, ...rest] = measured as [Measured, ...Measured[]];
  return rest.map((r, k) => ({
    part: variants[k]!,
    against: base,
    addedNanosecondsPerCall: ((r.wall - b.wall) / b.out.customers) * 1e9,
    relative: r.wall / b.wall - 1,
  }));
};
const dataTier = [
  ...perCall("w1", ["w1-network", "w1-pool", "w1-cache"]),
  ...perCall("w1-2", ["w1-2-hash"]),
];

// Replications across cores: the CLI with --workers 1 and with one worker per core, and, as
// the machine's own ceiling, that many independent processes sharing the replications.
const cores = availableParallelism();
const REPLICATIONS = 8;
const cli = (workers: number, replications: number) => [
  "dist/bin/meshsim.js",
  "run",
  "examples/ecommerce.yaml",
  "--set",
  `replications=${replications}`,
  "--set",
  "duration=30m",
  "--workers",
  String(workers),
  "--json",
];
/** Wall time of `count` concurrent `node <args>` processes, and the first one's stdout. */
function concurrently(args: string[], count: number): Promise<{ wall: number; stdout: string }> {
  const start = performance.now();
  const one = () =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: root });
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited with ${code}`)),
      );
    });
  return Promise.all(Array.from({ length: count }, one)).then((outs) => ({
    wall: (performance.now() - start) / 1000,
    stdout: outs[0]!,
  }));
}
const withoutWall = (json: string) => json.replace(/"wallSeconds": [^,\n]*/, "");
const walls = { serial: [] as number[], workers: [] as number[], processes: [] as number[] };
let identical = true;
for (let i = 0; i < runs; i++) {
  const serial = await concurrently(cli(1, REPLICATIONS), 1);
  const parallel = await concurrently(cli(cores, REPLICATIONS), 1);
  const processes = await concurrently(cli(1, REPLICATIONS / cores), cores);
  identical &&= withoutWall(serial.stdout) === withoutWall(parallel.stdout);
  walls.serial.push(serial.wall);
  walls.workers.push(parallel.wall);
  walls.processes.push(processes.wall);
}
const workers = {
  replications: REPLICATIONS,
  cores,
  serialSeconds: median(walls.serial),
  workersSeconds: median(walls.workers),
  speedup: median(walls.serial) / median(walls.workers),
  processesSeconds: median(walls.processes),
  ceiling: median(walls.serial) / median(walls.processes),
  identical,
};

// What `import "meshsim"` costs: the one-file bundle loaded in a fresh process, timed inside it.
const bundle = `${root}dist/meshsim.bundle.js`;
const loads: number[] = [];
for (let i = 0; i < Math.max(runs, 5); i++) {
  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const t = performance.now(); await import(${JSON.stringify(bundle)}); console.log(performance.now() - t);`,
    ],
    { encoding: "utf8" },
  );
  loads.push(Number(r.stdout));
}
const load = { milliseconds: median(loads), bundleKB: statSync(bundle).size / 1024 };

// Warm the JIT first so the first row is not penalised.
benchCalendar(1000, 200_000);
const calendar = [benchCalendar(1_000, 5_000_000), benchCalendar(1_000_000, 3_000_000)];

const failed = rows.filter((r) => !r.meshsim.theoryOk || !r.handwritten.theoryOk);
if (json) {
  console.log(
    JSON.stringify(
      {
        node: process.version,
        runs,
        models: rows,
        load,
        ecommerce,
        topology,
        topologySplit,
        dataTier,
        workers,
        calendar,
      },
      null,
      2,
    ),
  );
} else {
  const f = (x: number, d = 2) => x.toFixed(d);
  const m = (x: number) => `${(x / 1e6).toFixed(2)} M`;
  console.log(`meshsim bench (node ${process.version}, median of ${runs} whole-process runs)\n`);
  console.log(
    "workload  customers   meshsim wall  customers/s  events/s   RSS MB  | hand-written wall  RSS MB | ratio | mean sojourn (theory)",
  );
  for (const r of rows) {
    console.log(
      `${r.workload.padEnd(9)} ${r.customers.toLocaleString("en").padStart(9)}   ${f(r.meshsim.wallSeconds).padStart(10)} s  ${m(r.meshsim.customersPerSecond).padStart(11)}  ${m(r.meshsim.eventsPerSecond).padStart(8)}  ${f(r.meshsim.peakRssMB, 0).padStart(6)}  | ${f(r.handwritten.wallSeconds).padStart(15)} s  ${f(r.handwritten.peakRssMB, 0).padStart(6)} | ${f(r.ratio).padStart(5)} | ${f(r.meshsim.meanSojourn, 3)} / ${f(r.handwritten.meanSojourn, 3)} (${f(r.theory, 3)}) ${r.meshsim.theoryOk && r.handwritten.theoryOk ? "ok" : "WRONG"}`,
    );
  }
  console.log(
    `  targets: W1 and W2 within ${f(TARGETS.ratio, 1)}x of the hand-written loop: ${rows.map((r) => `${r.workload} ${r.ratio <= TARGETS.ratio ? "met" : "not met"}`).join(", ")}`,
  );
  const cost = (x: Split) =>
    `${f(x.fixedMilliseconds, 0).padStart(4)} ms + ${f(x.nanosecondsPerEvent, 0).padStart(4)} ns an event`;
  console.log(
    `  split (from ${QUARTER} and the whole length): fixed cost (start, import, parse, warm-up, report) + cost per event`,
  );
  for (const r of rows) {
    console.log(
      `    ${r.workload}  meshsim ${cost(r.meshsim.split)}   hand-written ${cost(r.handwritten.split)}   (${f(r.meshsim.split.nanosecondsPerEvent / r.handwritten.split.nanosecondsPerEvent)}x an event)`,
    );
  }
  console.log(
    `\nimport "meshsim": ${f(load.milliseconds, 1)} ms (median of ${loads.length} fresh processes; the bundle is ${f(load.bundleKB, 0)} KB; target ${TARGETS.loadMs} ms: ${load.milliseconds <= TARGETS.loadMs ? "met" : "not met"})`,
  );
  console.log("\ne-commerce example (examples/ecommerce.yaml, 200 requests/s, six services)");
  for (const e of ecommerce) {
    console.log(
      `  ${e.workload.padEnd(14)} ${e.requests.toLocaleString("en").padStart(10)} requests  ${f(e.wallSeconds).padStart(6)} s  ${m(e.requestsPerSecond)} requests/s  ${m(e.eventsPerSecond)} events/s  peak RSS ${f(e.peakRssMB, 0)} MB`,
    );
  }
  console.log(
    "\nThe same work over more services (chains of five calls, 2 instances each, 200,000 requests)",
  );
  for (const t of topology) {
    const busy = t.busy === t.services ? "" : ` (${t.busy} busy)`;
    console.log(
      `  ${t.services.toLocaleString("en").padStart(6)} services${busy.padEnd(11)}  ${t.events.toLocaleString("en")} events  ${f(t.wallSeconds).padStart(6)} s (${f(t.relative)}x)  peak RSS ${f(t.peakRssMB, 0).padStart(4)} MB  JSON report ${f(t.reportMB, 1)} MB`,
    );
  }
  for (const t of topologySplit) {
    console.log(
      `  split at ${t.services.toLocaleString("en").padStart(5)} services: ${cost(t)}   (${f(t.nanosecondsPerEvent / topologySplit[0]!.nanosecondsPerEvent)}x an event)`,
    );
  }
  const largest = topology[LARGEST]!;
  console.log(
    `  targets at ${largest.services.toLocaleString("en")} services: within ${f(TARGETS.topologyRatio, 1)}x of 10 (${largest.relative <= TARGETS.topologyRatio ? "met" : "not met"}), peak RSS under ${TARGETS.topologyRssMB} MB (${largest.peakRssMB < TARGETS.topologyRssMB ? "met" : "not met"})`,
  );
  console.log(
    "\nThe data tier, per call (whole process, median; against W1, or random over 2 instances)",
  );
  for (const d of dataTier) {
    console.log(
      `  ${d.part.padEnd(11)} vs ${d.against.padEnd(5)} ${f(d.addedNanosecondsPerCall, 0).padStart(5)} ns a call  (${d.relative >= 0 ? "+" : ""}${f(100 * d.relative, 1)}%)`,
    );
  }
  console.log(
    `\nReplications across cores (meshsim run examples/ecommerce.yaml, ${workers.replications} replications of 30 min)`,
  );
  console.log(
    `  --workers 1 ${f(workers.serialSeconds)} s   --workers ${workers.cores} ${f(workers.workersSeconds)} s   speedup ${f(workers.speedup)}x   report ${workers.identical ? "identical" : "DIFFERENT"}`,
  );
  console.log(
    `  the machine's ceiling: ${workers.cores} independent processes, ${workers.replications / workers.cores} replications each, ${f(workers.processesSeconds)} s (${f(workers.ceiling)}x)`,
  );
  console.log("\nCalendar: schedule + pop (hold model)");
  for (const r of calendar) {
    console.log(
      `  ${r.pending.toLocaleString("en").padStart(9)} pending  ${r.holds.toLocaleString("en")} holds  ${f(r.seconds, 3)} s  ${m(r.eventsPerSecond)} events/s`,
    );
  }
}
if (!workers.identical) {
  console.error("replications in workers gave a different report from the serial run");
  process.exitCode = 1;
}
if (failed.length > 0) {
  console.error(
    `mean sojourn off theory by more than ${TOLERANCE * 100}%: ${failed.map((r) => r.workload).join(", ")}`,
  );
  process.exitCode = 1;
}
