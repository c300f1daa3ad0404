// npm run calibrate: the live system (examples/live) against meshsim's model of it. Drive the
// real services at R, import the spans their OpenTelemetry SDKs wrote, simulate the import at R
// and at 1.5 R, drive the real system at 1.5 R (a load the model never saw), and print both.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drive, startSystem } from "../examples/live/system.mjs";

const { importTraces, simulate, withDuration } = await import("../dist/meshsim.bundle.js");
const R = Number(process.env.RATE ?? 40);
const SECONDS = Number(process.env.CALIBRATE_SECONDS ?? 20);
const dir = mkdtempSync(join(tmpdir(), "meshsim-calibrate-"));

async function measure(rate, tag) {
  const system = await startSystem(dir, tag);
  const figures = await drive(rate, SECONDS);
  const files = await system.stop();
  return { figures, files };
}

process.stderr.write(`driving the live system at ${R}/s for ${SECONDS} s ...\n`);
const atR = await measure(R, "r");
const imported = importTraces(
  atR.files.map((f) => JSON.parse(readFileSync(f, "utf8"))),
  atR.files,
);
process.stderr.write(
  `imported ${imported.summary.spans} spans of ${imported.summary.traces} traces\n`,
);
process.stderr.write(`driving it at ${1.5 * R}/s ...\n`);
const at15 = await measure(1.5 * R, "r15");

/** The imported model at an open rate, with the mix the traces gave. */
const modelAt = (rate) => {
  const s = imported.scenario;
  return simulate(
    withDuration({ ...s, workload: { kind: "open", rate, mix: s.workload.mix } }, 300),
    {
      replications: 3,
    },
  );
};
const flowOf = (report, name) =>
  report.flows[Object.keys(report.flows).find((f) => f.endsWith(name))];
const rows = [];
for (const [label, rate, real] of [
  ["R", R, atR.figures],
  ["1.5R", 1.5 * R, at15.figures],
]) {
  const report = modelAt(rate);
  for (const flow of ["browse", "checkout"]) {
    const sim = flowOf(report, flow);
    const m = real[flow];
    const err = (a, b) => `${(((a - b) / b) * 100).toFixed(1)}%`;
    rows.push([
      label,
      flow,
      `${m.throughput.toFixed(1)} / ${sim.throughput.toFixed(1)} (${err(sim.throughput, m.throughput)})`,
      `${(m.p50 * 1000).toFixed(1)} / ${(sim.latency.p50 * 1000).toFixed(1)} ms (${err(sim.latency.p50, m.p50)})`,
      `${(m.p99 * 1000).toFixed(1)} / ${(sim.latency.p99 * 1000).toFixed(1)} ms (${err(sim.latency.p99, m.p99)})`,
    ]);
  }
}
console.log(
  "load  flow      throughput /s: measured / simulated   p50: measured / simulated   p99: measured / simulated",
);
for (const r of rows)
  console.log(`${r[0].padEnd(5)} ${r[1].padEnd(9)} ${r[2].padEnd(38)} ${r[3].padEnd(28)} ${r[4]}`);
