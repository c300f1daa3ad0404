import type { Command } from "commander";
import {
  fitUsl,
  parseAxis,
  parseScenario,
  parseShard,
  renderSweepHtml,
  type SweepResult,
  sliceOf,
  sweepGrid,
  sweepShard,
  untilBreach,
} from "../../index.js";
import { SimulationPool, sweepInWorkers } from "../../node/index.js";
import { pageSource, writeHtml } from "../html.js";
import { loadData, UsageError } from "../io.js";
import {
  collect,
  htmlOption,
  number,
  outputOptions,
  precisionOptions,
  replicationsOption,
  seedOption,
  setOption,
  workersOption,
} from "../options.js";
import type { Context, OutputOptions } from "../output.js";
import { sweepCsv } from "../render/csv.js";
import { renderSaturation, renderSweep, renderUsl } from "../render/sweep.js";

export function registerSweep(program: Command, ctx: Context): void {
  const command = program
    .command("sweep")
    .description(
      "simulate across ranges of values: a table of key figures, marking the knee and the first SLO breach",
    )
    .argument("<scenario>", "scenario file (YAML or JSON), or - for standard input")
    .option(
      "--vary <path=range>",
      "PATH=FROM..TO[:STEP] or PATH=A,B,C, e.g. workload.rate=100/s..1000/s:100/s (repeatable: every combination)",
      collect,
      [],
    )
    .option(
      "--until-breach",
      "instead of --vary: scale the load up until the first SLO breaks (or a service saturates), and say which service breaks it",
    )
    .option("--limit <x>", "with --until-breach: scale the load at most this much", number, 8)
    .option(
      "--usl",
      "fit the Universal Scalability Law to throughput against the one --vary (instances)",
    );
  setOption(command);
  seedOption(command);
  replicationsOption(command, "replications per point (default: the scenario's)");
  workersOption(
    command,
    "threads for the points, or with --until-breach for each load's replications (default: the core count)",
  );
  command.option(
    "--shard <I/N>",
    "run only the I-th of N slices of the points, printing raw results for `meshsim merge`",
  );
  precisionOptions(command);
  htmlOption(command);
  outputOptions(command).action(async (file: string, opts) => {
    const data = loadData(file, opts.set);
    if (opts.untilBreach) {
      if (opts.vary.length > 0 || opts.shard !== undefined || opts.usl)
        throw new UsageError("--until-breach goes without --vary, --shard and --usl");
      const pool = new SimulationPool(opts.workers);
      try {
        const result = untilBreach(parseScenario(data), {
          seed: opts.seed,
          replications: opts.replications,
          limit: opts.limit,
          simulate:
            opts.precision === undefined
              ? pool.simulate
              : (s, o) =>
                  pool.simulate(s, {
                    ...o,
                    precision: opts.precision,
                    maxReplications: opts.maxReplications,
                  }),
        });
        ctx.print(opts, { json: result, table: (c) => renderSaturation(result, c) });
      } finally {
        pool.close();
      }
      return;
    }
    if (opts.vary.length === 0) throw new UsageError("give --vary PATH=RANGE, or --until-breach");
    const axes = (opts.vary as string[]).map(parseAxis);
    if (opts.usl && (axes.length !== 1 || axes[0]!.values.some((v) => typeof v !== "number"))) {
      throw new UsageError(
        "--usl fits throughput against one --vary of numbers, such as services.api.instances=1..16",
      );
    }
    const shard = opts.shard === undefined ? null : parseShard(opts.shard);
    const total = sweepGrid(axes).length;
    const bar = ctx.progress(opts, "sweeping");
    const result = await sweepInWorkers(data, axes, {
      seed: opts.seed,
      replications: opts.replications,
      points: shard ? sliceOf(total, shard) : undefined,
      onPoint: bar ? (done, count) => bar.update(done / count) : undefined,
      workers: opts.workers,
      precision: opts.precision,
      maxReplications: opts.maxReplications,
    });
    bar?.done();
    if (shard) {
      ctx.io.stdout(`${JSON.stringify(sweepShard(result, total, shard))}\n`);
      return;
    }
    writeHtml(ctx, opts, () => renderSweepHtml(result, { source: pageSource(file, opts.set) }));
    if (!opts.usl) {
      printSweep(ctx, result, opts);
      return;
    }
    const axis = axes[0]!.path;
    const fit = fitUsl(
      result.points.map((p) => ({
        n: p.values[axis] as number,
        throughput: p.report.totals.throughput,
      })),
    );
    ctx.print(opts, {
      json: { ...result, usl: { axis, ...fit } },
      csv: () => sweepCsv(result),
      table: (c) => `${renderSweep(result, c)}${renderUsl(axis, fit)}`,
    });
  });
}

/** A sweep as the options ask: JSON, CSV, nothing (quiet) or a table. */
export function printSweep(ctx: Context, result: SweepResult, opts: OutputOptions): void {
  ctx.print(opts, {
    json: result,
    csv: () => sweepCsv(result),
    table: (c) => renderSweep(result, c),
  });
}
