import { type Command, Option } from "commander";
import { hasSlo, LIMITS, PLAN_DEFAULTS, plan, renderPlanHtml } from "../../index.js";
import { SimulationPool } from "../../node/index.js";
import { pageSource, writeHtml } from "../html.js";
import { EXIT, loadScenario, UsageError } from "../io.js";
import {
  duration,
  htmlOption,
  integer,
  number,
  precisionOptions,
  rate,
  seedOption,
  setOption,
  workersOption,
} from "../options.js";
import type { Context } from "../output.js";
import { renderPlan } from "../render/plan.js";

export function registerPlan(program: Command, ctx: Context): void {
  const command = program
    .command("plan")
    .description(
      "the fewest instances (least cost) that meet every SLO with 95% confidence, with the evidence",
    )
    .argument("<scenario>", "scenario file with an slo block, or - for standard input")
    .addOption(
      new Option("--rate <r>", "plan for this arrival rate, e.g. 1000/s")
        .argParser(rate)
        .conflicts("scale"),
    )
    .option("--scale <x>", "plan for the scenario's load times x", number);
  seedOption(command)
    .option(
      "--replications <n>",
      `replications per candidate (default: ${PLAN_DEFAULTS.replications})`,
      integer("--replications", 2, LIMITS.replications),
    )
    .option(
      "--min-instances <n>",
      `fewest instances any service may have, e.g. 2 for redundancy (default: ${PLAN_DEFAULTS.minInstances})`,
      integer("--min-instances", 1),
    )
    .option(
      "--duration <d>",
      `measured duration per replication (default: the scenario's, at most ${PLAN_DEFAULTS.maxDuration / 60}m)`,
      duration,
    );
  setOption(command);
  workersOption(command, "threads for each candidate's replications (default: the core count)");
  precisionOptions(command);
  htmlOption(command);
  command
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
      let result: ReturnType<typeof plan>;
      try {
        result = plan(scenario, {
          rate: opts.rate,
          scale: opts.scale,
          seed: opts.seed,
          replications: opts.replications,
          duration: opts.duration,
          minInstances: opts.minInstances,
          precision: opts.precision,
          maxReplications: opts.maxReplications,
          onStep: opts.quiet || opts.json ? undefined : (m: string) => ctx.io.stderr(`  ${m}\n`),
          simulate: pool.simulate,
        });
      } finally {
        pool.close();
      }
      const seconds = (performance.now() - started) / 1000;
      if (!result.feasible) ctx.exitCode = EXIT.checkFailed;
      writeHtml(ctx, opts, () =>
        renderPlanHtml(result, { scenario, source: pageSource(file, opts.set) }),
      );
      ctx.print(
        { json: opts.json, color: opts.color },
        {
          json: { ...result, wallSeconds: seconds },
          table: (c) => renderPlan(result, scenario, seconds, c),
        },
      );
    });
}
