// npm run calibrate: the live system (examples/live) against meshsim's model of it. Drive the
// real services at R, import the spans their OpenTelemetry SDKs wrote, simulate the import at R
// and at 1.5 R, drive the real system at 1.5 R (a load the model never saw), and print both.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drive, startSystem } from "../examples/live/system.mjs";

const { importTraces, simulate, withDuration } = await import("../dist/meshsim.bundle.js");
const R = Number(process.env.RATE ?? 40);
const SECONDS = Number(process.env.CALIBRATE_SECONDS ?? 60);
const dir = mkdtempSync(join(tmpdir(), "meshsim-calibrate-"));

async function measure(rate, tag) {
  const system = await startSystem(dir, tag);
  const figures = await drive(rate, SECONDS, `live-${tag}`);
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

/**
 * The imported model at the load the driver offered in a run (its Poisson count of each flow
 * over the run, which differs from the nominal rate by its sampling error): the question the
 * model answers is what the system does with that load.
 */
const flowName = (name) => Object.keys(imported.scenario.flows).find((f) => f.endsWith(name));
const modelAt = (real) => {
  const s = imported.scenario;
  const rate = real.browse.offered + real.checkout.offered;
  const mix = {
    [flowName("browse")]: real.browse.offered / rate,
    [flowName("checkout")]: real.checkout.offered / rate,
  };
  return simulate(withDuration({ ...s, workload: { kind: "open", rate, mix } }, 900), {
    replications: 5,
  });
};
const flowOf = (report, name) => report.flows[flowName(name)];
const rows = [];
for (const [label, real] of [
  ["R", atR.figures],
  ["1.5R", at15.figures],
]) {
  const report = modelAt(real);
  for (const flow of ["browse", "checkout"]) {
    const sim = flowOf(report, flow);
    const m = real[flow];
    const err = (a, b) => `${(((a - b) / b) * 100).toFixed(1)}%`;
    rows.push([
      `${label} ${(real.browse.offered + real.checkout.offered).toFixed(1)}/s`,
      flow,
      `${m.throughput.toFixed(1)} / ${sim.throughput.toFixed(1)} (${err(sim.throughput, m.throughput)})`,
      `${(m.p50 * 1000).toFixed(1)} / ${(sim.latency.p50 * 1000).toFixed(1)} ms (${err(sim.latency.p50, m.p50)})`,
      `${(m.p99 * 1000).toFixed(1)} / ${(sim.latency.p99 * 1000).toFixed(1)} ms (${err(sim.latency.p99, m.p99)})`,
    ]);
  }
}
console.log(
  "load (offered)  flow      throughput /s: measured / simulated   p50: measured / simulated   p99: measured / simulated",
);
for (const r of rows)
  console.log(`${r[0].padEnd(15)} ${r[1].padEnd(9)} ${r[2].padEnd(38)} ${r[3].padEnd(28)} ${r[4]}`);
