import { readFileSync } from "node:fs";
import { Chalk, type ChalkInstance } from "chalk";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import {
  applyOverrides,
  checkSlos,
  compare,
  fitUsl,
  flowDiagram,
  hasSlo,
  parseAxis,
  parseDuration,
  parseRate,
  parseScenario,
  plan,
  type Report,
  readScenarioText,
  type Scenario,
  ScenarioError,
  type SweepResult,
  scenarioJsonSchema,
  sweepGrid,
  topologyDiagram,
  untilBreach,
  VERSION,
  withDuration,
} from "../index.js";
import {
  mergeShards,
  parseShard,
  runShard,
  ShardError,
  sliceOf,
  sweepShard,
} from "../models/run/shard.js";
import { simulateInWorkers, sweepInWorkers } from "../node/parallel.js";
import { SimulationPool } from "../node/pool.js";
import {
  type CalcResult,
  calcAvailability,
  calcEfficiency,
  calcLittle,
  calcMmc,
  calcParallel,
  calcSeries,
} from "./calc.js";
import { comparisonCsv, progressBar, reportCsv, sloCsv, sweepCsv } from "./output.js";
import {
  renderComparison,
  renderPlan,
  renderReport,
  renderSaturation,
  renderSlo,
  renderSweep,
  renderUsl,
  sloVerdict,
} from "./render.js";
import { renderWorkedExamples } from "./workedExamples.js";

/**
 * Exit codes: 0 success, 1 a run completed but a requested check failed (`--slo`), 2 bad
 * input, 3 an internal error (a bug: `--debug` shows its stack).
 */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, internal: 3 } as const;

/** A user's mistake: printed as a message, never with a stack trace. */
class UsageError extends Error {}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress bars). */
  stderrTTY: boolean;
  env: Record<string, string | undefined>;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

/** A file's text; a missing or unreadable file is the user's mistake, said in one line. */
function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `cannot read ${file}: no such file`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
}

/** A scenario file's plain data, with `--set` overrides applied, before it is checked. */
function loadData(file: string, overrides: readonly string[]): object {
  const data = readScenarioText(readText(file));
  return (overrides.length > 0 ? applyOverrides(data, overrides) : data) as object;
}

function loadScenario(file: string, overrides: readonly string[]): Scenario {
  return parseScenario(loadData(file, overrides));
}

const integer = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
};

const rate = (value: string) => {
  const perSecond = parseRate(value);
  if (perSecond === undefined)
    throw new InvalidArgumentError("expected a rate such as 200/s or 12000/min");
  return perSecond;
};

const time = (value: string) => {
  const seconds = parseDuration(value);
  if (seconds === undefined)
    throw new InvalidArgumentError("expected a duration such as 120ms, 2s or 720h");
  return seconds;
};

/** A measured duration: like `time`, but it must be positive. */
const duration = (value: string) => {
  const seconds = time(value);
  if (seconds <= 0)
    throw new InvalidArgumentError("expected a positive duration such as 90s or 10m");
  return seconds;
};

const numbers = (values: string[]) =>
  values.map((v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n))
      throw new UsageError(`expected numbers, got "${v}"`);
    return n;
  });

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--json`, `--csv`, `--quiet` and `--no-color`, shared by the commands that print results. */
function outputOptions(command: Command): Command {
  return command
    .addOption(new Option("--json", "print JSON, and nothing else, on stdout").conflicts("csv"))
    .option("--csv", "print CSV on stdout")
    .option("-q, --quiet", "no tables and no progress bar: the exit code (and --json/--csv) only")
    .option("--no-color", "plain text even on a terminal");
}

/** Build and run the `meshsim` program; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let debug = argv.includes("--debug");
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name("meshsim")
    .description("Discrete-event simulation and capacity planning for microservice architectures.")
    .version(VERSION, "-v, --version")
    .option("--debug", "show stack traces for internal errors")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const chalkFor = (opts: { color?: boolean }): ChalkInstance =>
    new Chalk({ level: opts.color !== false && io.isTTY && !io.env.NO_COLOR ? 1 : 0 });
  const progressFor = (opts: { quiet?: boolean }, label: string) =>
    !opts.quiet && io.stderrTTY ? progressBar(io.stderr, label) : null;

  outputOptions(
    program
      .command("run")
      .description(
        "simulate a scenario and print its report, with the analytic prediction beside it",
      )
      .argument("<scenario>", "scenario file (YAML or JSON)")
      .option("--seed <n>", "run seed (default: the scenario's)", integer("--seed", 0))
      .option("--duration <d>", "measured duration, e.g. 10m (default: the scenario's)", duration)
      .option(
        "--replications <n>",
        "independent replications, for 95% intervals (default: the scenario's)",
        integer("--replications", 1),
      )
      .option(
        "--set <path=value>",
        "override a scenario field, e.g. workload.rate=1000/s (repeatable)",
        collect,
        [],
      )
      .option("--slo", "check the scenario's slo objectives: exit 1 if one is breached")
      .option(
        "--workers <n>",
        "worker threads for the replications (default: the core count)",
        integer("--workers", 1),
      )
      .option(
        "--shard <I/N>",
        "run only the I-th of N slices of the replications, printing raw results for `meshsim merge`",
      ),
  ).action(async (file: string, opts) => {
    let scenario = loadScenario(file, opts.set);
    if (opts.duration !== undefined) {
      scenario = withDuration(scenario, opts.duration);
    }
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
      io.stdout(`${JSON.stringify(shard)}\n`);
      return;
    }
    const bar = progressFor(opts, "simulating");
    const report = await simulateInWorkers(scenario, {
      seed: opts.seed,
      replications: opts.replications,
      workers: opts.workers,
      onProgress: bar?.update,
    });
    bar?.done();
    exitCode = printReport(report, scenario, opts);
  });

  /** A sweep as the options ask: JSON, CSV, nothing (quiet) or a table. */
  const printSweep = (
    result: SweepResult,
    opts: { json?: boolean; csv?: boolean; quiet?: boolean; color?: boolean },
  ): void => {
    if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (opts.csv) io.stdout(sweepCsv(result));
    else if (!opts.quiet) io.stdout(renderSweep(result, chalkFor(opts)));
  };

  /** A report as the options ask: JSON, CSV, quiet or tables, with the SLO verdict. */
  const printReport = (
    report: Report,
    scenario: Scenario,
    opts: { slo?: boolean; json?: boolean; csv?: boolean; quiet?: boolean; color?: boolean },
  ): number => {
    const checks = opts.slo ? checkSlos(report, scenario.slo) : null;
    const c = chalkFor(opts);
    if (opts.json) {
      io.stdout(`${JSON.stringify(checks ? { ...report, slo: checks } : report, null, 2)}\n`);
    } else if (opts.csv) {
      io.stdout(checks ? sloCsv(checks) : reportCsv(report));
    } else if (opts.quiet) {
      if (checks) io.stdout(`${sloVerdict(checks, c)}\n`);
    } else {
      io.stdout(renderReport(report, scenario, c));
      if (checks) io.stdout(`\n${renderSlo(checks, c)}`);
    }
    return checks?.some((k) => !k.ok) ? EXIT.checkFailed : EXIT.ok;
  };

  program
    .command("validate")
    .description('check a scenario without running it: prints every problem, or "ok"')
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--set <path=value>", "override a scenario field (repeatable)", collect, [])
    .action((file: string, opts) => {
      const s = loadScenario(file, opts.set);
      io.stdout(
        `ok: ${s.name}: ${Object.keys(s.services).length} services, ${Object.keys(s.flows).length} flows\n`,
      );
    });

  outputOptions(
    program
      .command("compare")
      .description(
        "a variant against the base on the same seeds, as differences with 95% intervals",
      )
      .argument("<base>", "scenario file")
      .argument("[variant]", "scenario file (default: the base with the --set overrides)")
      .option("--set <path=value>", "override a field of the variant (repeatable)", collect, [])
      .option("--seed <n>", "run seed (default: the base scenario's)", integer("--seed", 0))
      .option("--replications <n>", "paired replications", integer("--replications", 2), 5),
  ).action((baseFile: string, variantFile: string | undefined, opts) => {
    if (variantFile === undefined && opts.set.length === 0) {
      throw new UsageError("give a VARIANT file or at least one --set override to compare against");
    }
    const base = loadScenario(baseFile, []);
    const variant = loadScenario(variantFile ?? baseFile, opts.set);
    const named = variantFile
      ? variant
      : { ...variant, name: `${base.name} with ${opts.set.join(", ")}` };
    const bar = progressFor(opts, "comparing");
    const result = compare(base, named, {
      seed: opts.seed,
      replications: opts.replications,
      onProgress: bar?.update,
    });
    bar?.done();
    if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (opts.csv) io.stdout(comparisonCsv(result));
    else if (!opts.quiet) io.stdout(renderComparison(result));
  });

  outputOptions(
    program
      .command("sweep")
      .description(
        "simulate across ranges of values: a table of key figures, marking the knee and the first SLO breach",
      )
      .argument("<scenario>", "scenario file (YAML or JSON)")
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
      .option(
        "--limit <x>",
        "with --until-breach: scale the load at most this much",
        (v) => numbers([v])[0]!,
        8,
      )
      .option(
        "--usl",
        "fit the Universal Scalability Law to throughput against the one --vary (instances)",
      )
      .option("--set <path=value>", "override a scenario field (repeatable)", collect, [])
      .option("--seed <n>", "run seed (default: the scenario's)", integer("--seed", 0))
      .option(
        "--replications <n>",
        "replications per point (default: the scenario's)",
        integer("--replications", 1),
      )
      .option(
        "--workers <n>",
        "threads for the points, or with --until-breach for each load's replications (default: the core count)",
        integer("--workers", 1),
      )
      .option(
        "--shard <I/N>",
        "run only the I-th of N slices of the points, printing raw results for `meshsim merge`",
      ),
  ).action(async (file: string, opts) => {
    const data = loadData(file, opts.set);
    if (opts.untilBreach) {
      if (opts.vary.length > 0 || opts.shard !== undefined || opts.usl)
        throw new UsageError("--until-breach goes without --vary, --shard and --usl");
      const pool = new SimulationPool(opts.workers);
      const result = untilBreach(parseScenario(data), {
        seed: opts.seed,
        replications: opts.replications,
        limit: opts.limit,
        simulate: pool.simulate,
      });
      pool.close();
      if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else if (!opts.quiet) io.stdout(renderSaturation(result, chalkFor(opts)));
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
    const bar = progressFor(opts, "sweeping");
    const result = await sweepInWorkers(data, axes, {
      seed: opts.seed,
      replications: opts.replications,
      points: shard ? sliceOf(total, shard) : undefined,
      onPoint: bar ? (done, count) => bar.update(done / count) : undefined,
      workers: opts.workers,
    });
    bar?.done();
    if (shard) {
      io.stdout(`${JSON.stringify(sweepShard(result, total, shard))}\n`);
      return;
    }
    if (!opts.usl) {
      printSweep(result, opts);
      return;
    }
    const axis = axes[0]!.path;
    const fit = fitUsl(
      result.points.map((p) => ({
        n: p.values[axis] as number,
        throughput: p.report.totals.throughput,
      })),
    );
    if (opts.json) io.stdout(`${JSON.stringify({ ...result, usl: { axis, ...fit } }, null, 2)}\n`);
    else if (opts.csv) io.stdout(sweepCsv(result));
    else if (!opts.quiet)
      io.stdout(`${renderSweep(result, chalkFor(opts))}${renderUsl(axis, fit)}`);
  });

  outputOptions(
    program
      .command("merge")
      .description(
        "combine the shards of a run or a sweep (--shard I/N) into the report an unsharded run gives",
      )
      .argument("<shards...>", "shard files, one per slice")
      .option("--slo", "check the scenario's slo objectives (runs): exit 1 if one is breached"),
  ).action((files: string[], opts) => {
    const merged = mergeShards(
      files.map((file) => {
        const text = readText(file);
        try {
          return { file, shard: JSON.parse(text) as unknown };
        } catch {
          throw new UsageError(`${file} is not JSON: is it a shard written by --shard I/N?`);
        }
      }),
    );
    if (merged.kind === "run") {
      exitCode = printReport(merged.report, merged.scenario, opts);
      return;
    }
    printSweep(merged.result, opts);
  });

  program
    .command("plan")
    .description(
      "the fewest instances (least cost) that meet every SLO with 95% confidence, with the evidence",
    )
    .argument("<scenario>", "scenario file with an slo block")
    .addOption(
      new Option("--rate <r>", "plan for this arrival rate, e.g. 1000/s")
        .argParser(rate)
        .conflicts("scale"),
    )
    .option("--scale <x>", "plan for the scenario's load times x", (v) => numbers([v])[0]!)
    .option("--seed <n>", "run seed (default: the scenario's)", integer("--seed", 0))
    .option("--replications <n>", "replications per candidate", integer("--replications", 2), 3)
    .option(
      "--min-instances <n>",
      "fewest instances any service may have, e.g. 2 for redundancy",
      integer("--min-instances", 1),
      1,
    )
    .option(
      "--duration <d>",
      "measured duration per replication (default: the scenario's, at most 5m)",
      duration,
    )
    .option("--set <path=value>", "override a scenario field (repeatable)", collect, [])
    .option(
      "--workers <n>",
      "threads for each candidate's replications (default: the core count)",
      integer("--workers", 1),
    )
    .option("--json", "print the plan as JSON")
    .option("-q, --quiet", "no progress lines")
    .option("--no-color", "plain text even on a terminal")
    .action((file: string, opts) => {
      const scenario = loadScenario(file, opts.set);
      if (!hasSlo(scenario.slo)) {
        throw new UsageError(
          `${file} states no objectives: add an slo block (see README, Capacity planning)`,
        );
      }
      const started = performance.now();
      const pool = new SimulationPool(opts.workers);
      const result = plan(scenario, {
        rate: opts.rate,
        scale: opts.scale,
        seed: opts.seed,
        replications: opts.replications,
        duration: opts.duration,
        minInstances: opts.minInstances,
        onStep: opts.quiet || opts.json ? undefined : (m: string) => io.stderr(`  ${m}\n`),
        simulate: pool.simulate,
      });
      pool.close();
      const seconds = (performance.now() - started) / 1000;
      if (!result.feasible) exitCode = EXIT.checkFailed;
      if (opts.json) io.stdout(`${JSON.stringify({ ...result, wallSeconds: seconds }, null, 2)}\n`);
      else io.stdout(renderPlan(result, scenario, seconds, chalkFor(opts)));
    });

  program
    .command("diagram")
    .description(
      "the topology as a Mermaid flowchart and each flow as a Mermaid sequence diagram, in Markdown",
    )
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--flow <name>", "only this flow's sequence diagram")
    .option("--topology", "only the topology flowchart")
    .option("--set <path=value>", "override a scenario field (repeatable)", collect, [])
    .action((file: string, opts) => {
      const s = loadScenario(file, opts.set);
      const fence = (text: string) => `\`\`\`mermaid\n${text}\`\`\`\n`;
      if (opts.flow !== undefined && !(opts.flow in s.flows)) {
        throw new UsageError(
          `--flow: unknown flow "${opts.flow}"; the flows are ${Object.keys(s.flows).join(", ")}`,
        );
      }
      const parts: string[] = [];
      if (opts.flow === undefined)
        parts.push(`## ${s.name}: topology\n\n${fence(topologyDiagram(s))}`);
      if (!opts.topology) {
        for (const flow of opts.flow === undefined ? Object.keys(s.flows) : [opts.flow]) {
          parts.push(`## Flow: ${flow}\n\n${fence(flowDiagram(s, flow))}`);
        }
      }
      io.stdout(parts.join("\n"));
    });

  program
    .command("schema")
    .description("the JSON Schema of the scenario format, for editor autocompletion")
    .action(() => io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`));

  const calc = program
    .command("calc")
    .description("the formulas at the prompt, with the formula and its inputs shown");
  const printCalc = (r: CalcResult, json: boolean) =>
    io.stdout(
      json
        ? `${JSON.stringify({ formula: r.formula, ...r.result }, null, 2)}\n`
        : `${r.lines.join("\n")}\n`,
    );
  calc
    .command("efficiency")
    .description("load-balancing efficiency E = 1 - (max - min) / mean, and Jain's index")
    .argument("<loads...>", "load per server, e.g. 100 110 90")
    .option("--json", "print JSON")
    .action((loads: string[], opts) => printCalc(calcEfficiency(numbers(loads)), opts.json));
  calc
    .command("little")
    .description("Little's Law L = λW: give two of --L, --rate, --time")
    .option("--L <n>", "mean number in the system", (v) => numbers([v])[0]!)
    .option("--rate <r>", "arrival rate, e.g. 100/s", rate)
    .option("--time <d>", "mean time in the system, e.g. 500ms", time)
    .option("--json", "print JSON")
    .action((opts) =>
      printCalc(calcLittle({ L: opts.L, lambda: opts.rate, W: opts.time }), opts.json),
    );
  calc
    .command("reliability")
    .description("series reliability Π Ri")
    .argument("<r...>", "reliabilities, e.g. 0.999 0.998")
    .option("--json", "print JSON")
    .action((rs: string[], opts) => printCalc(calcSeries(numbers(rs)), opts.json));
  calc
    .command("parallel")
    .description("parallel (redundant) reliability 1 - Π(1 - Ri)")
    .argument("<r...>", "reliabilities")
    .option("--json", "print JSON")
    .action((rs: string[], opts) => printCalc(calcParallel(numbers(rs)), opts.json));
  calc
    .command("availability")
    .description("availability MTBF / (MTBF + MTTR)")
    .requiredOption("--mtbf <d>", "mean time between failures, e.g. 720h", time)
    .requiredOption("--mttr <d>", "mean time to repair, e.g. 1h", time)
    .option("--json", "print JSON")
    .action((opts) => printCalc(calcAvailability({ mtbf: opts.mtbf, mttr: opts.mttr }), opts.json));
  calc
    .command("mmc")
    .description("an M/M/c queue: utilization, P(wait), L, W and the sojourn p99")
    .requiredOption("--rate <r>", "arrival rate, e.g. 8/s", rate)
    .requiredOption("--mean <d>", "mean service time, e.g. 120ms", time)
    .requiredOption("--servers <c>", "servers", integer("--servers", 1))
    .option("--json", "print JSON")
    .action((opts) =>
      printCalc(calcMmc({ lambda: opts.rate, mean: opts.mean, servers: opts.servers }), opts.json),
    );

  program
    .command("demo")
    .description("print DESIGN.md's worked examples, computed by the library")
    .action(() => io.stdout(renderWorkedExamples()));

  try {
    await program.parseAsync([...argv]);
    debug = Boolean(program.opts().debug);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end by "throwing" exit code 0 under exitOverride.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    // RangeError is how the library refuses invalid numbers (`mm1: unstable queue, ...`).
    if (
      error instanceof ScenarioError ||
      error instanceof UsageError ||
      error instanceof ShardError ||
      error instanceof RangeError
    ) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${(error as Error).message}\n`);
    if (debug) io.stderr(`${(error as Error).stack}\n`);
    else io.stderr("(run again with --debug for the stack trace)\n");
    return EXIT.internal;
  }
}
