import type { Command } from "commander";
import {
  checkSlos,
  hasSlo,
  parseShard,
  type Report,
  renderHtml,
  runShard,
  type Scenario,
  withDuration,
} from "../../index.js";
import { simulateInWorkers } from "../../node/index.js";
import { pageSource, writeHtml } from "../html.js";
import { EXIT, loadScenario, UsageError, writeOptionFile } from "../io.js";
import {
  duration,
  htmlOption,
  outputOptions,
  precisionOptions,
  replicationsOption,
  seedOption,
  setOption,
  timelineServices,
  workersOption,
} from "../options.js";
import type { Context, OutputOptions } from "../output.js";
import { reportCsv, sloCsv } from "../render/csv.js";
import { sloJunit } from "../render/junit.js";
import { renderReport } from "../render/report.js";
import { renderSlo, sloVerdict } from "../render/slo.js";
import { tracesOptions, writeMetrics, writeTraces } from "../traces.js";

export function registerRun(program: Command, ctx: Context): void {
  const command = program
    .command("run")
    .description("simulate a scenario and print its report, with the analytic prediction beside it")
    .argument("<scenario>", "scenario file (YAML or JSON), or - for standard input");
  seedOption(command).option(
    "--duration <d>",
    "measured duration, e.g. 10m (default: the scenario's)",
    duration,
  );
  replicationsOption(
    command,
    "independent replications, for 95% intervals (default: the scenario's)",
  );
  setOption(command, "override a scenario field, e.g. workload.rate=1000/s (repeatable)");
  command.option("--slo", "check the scenario's slo objectives: exit 1 if one is breached");
  command.option(
    "--junit <file>",
    "with the slo check (implied): write each objective as a JUnit XML test case to <file>",
  );
  workersOption(command, "worker threads for the replications (default: the core count)");
  precisionOptions(command);
  command.option(
    "--shard <I/N>",
    "run only the I-th of N slices of the replications, printing raw results for `meshsim merge`",
  );
  command.option(
    "--timeline <n|all>",
    "services and flows the timeline's windows hold: the n busiest services and the n flows with the largest shares of the mix, or all (default: the scenario's timeline.services and timeline.flows, else 50 each)",
    timelineServices,
  );
  htmlOption(command);
  tracesOptions(command);
  outputOptions(command).action(async (file: string, opts) => {
    if (opts.junit !== undefined) opts.slo = true;
    let scenario = loadScenario(file, opts.set);
    if (opts.duration !== undefined) scenario = withDuration(scenario, opts.duration);
    if (opts.timeline !== undefined)
      scenario = {
        ...scenario,
        timeline: { ...scenario.timeline, services: opts.timeline, flows: opts.timeline },
      };
    if (opts.slo && !hasSlo(scenario.slo)) {
      throw new UsageError(
        `--slo: ${file} states no objectives; add an slo block, or e.g. --set slo.flows.<flow>.p99=300ms`,
      );
    }
    if (opts.shard !== undefined) {
      const shard = runShard(
        scenario,
        opts.seed ?? scenario.seed,
        opts.replications ?? scenario.replications,
        parseShard(opts.shard),
      );
      ctx.io.stdout(`${JSON.stringify(shard)}\n`);
      return;
    }
    const bar = ctx.progress(opts, "simulating");
    const report = await simulateInWorkers(scenario, {
      seed: opts.seed,
      replications: opts.replications,
      workers: opts.workers,
      onProgress: bar?.update,
      precision: opts.precision,
      maxReplications: opts.maxReplications,
    });
    bar?.done();
    writeHtml(ctx, opts, () => renderHtml(report, { source: pageSource(file, opts.set) }));
    writeTraces(ctx, scenario, opts);
    writeMetrics(ctx, report, opts);
    printReport(ctx, report, scenario, opts);
  });
}

/** A report as the options ask (JSON, CSV, quiet or tables), with the SLO verdict and exit code. */
export function printReport(
  ctx: Context,
  report: Report,
  scenario: Scenario,
  opts: OutputOptions & { slo?: boolean; junit?: string },
): void {
  const checks = opts.slo ? checkSlos(report, scenario.slo) : null;
  if (checks && opts.junit !== undefined) {
    writeOptionFile("--junit", opts.junit, sloJunit(checks, `meshsim SLO: ${report.scenario}`));
  }
  ctx.print(opts, {
    json: checks ? { ...report, slo: checks } : report,
    csv: () => (checks ? sloCsv(checks) : reportCsv(report)),
    quiet: checks ? (c) => sloVerdict(checks, c) : undefined,
    table: (c) => renderReport(report, scenario, c) + (checks ? `\n${renderSlo(checks, c)}` : ""),
  });
  if (checks?.some((k) => !k.ok)) ctx.exitCode = EXIT.checkFailed;
}
