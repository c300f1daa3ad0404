import type { Command } from "commander";
import {
  COMPARE_REPLICATIONS,
  compare,
  LIMITS,
  renderCompareHtml,
  withDuration,
} from "../../index.js";
import { pageSource, writeHtml } from "../html.js";
import { loadScenario, UsageError } from "../io.js";
import {
  duration,
  htmlOption,
  integer,
  outputOptions,
  precisionOptions,
  seedOption,
  setOption,
} from "../options.js";
import type { Context } from "../output.js";
import { renderComparison } from "../render/compare.js";
import { comparisonCsv } from "../render/csv.js";

export function registerCompare(program: Command, ctx: Context): void {
  const command = program
    .command("compare")
    .description("a variant against the base on the same seeds, as differences with 95% intervals")
    .argument("<base>", "scenario file, or - for standard input")
    .argument("[variant]", "scenario file (default: the base with the --set overrides)");
  setOption(command, "override a field of the variant (repeatable)");
  seedOption(command, "run seed (default: the base scenario's)");
  command.option(
    "--replications <n>",
    `paired replications (default: ${COMPARE_REPLICATIONS})`,
    integer("--replications", 2, LIMITS.replications),
  );
  command.option(
    "--duration <d>",
    "measured duration of both sides, e.g. 3m (default: each scenario's)",
    duration,
  );
  precisionOptions(command);
  htmlOption(command);
  outputOptions(command).action((baseFile: string, variantFile: string | undefined, opts) => {
    if (variantFile === undefined && opts.set.length === 0) {
      throw new UsageError("give a VARIANT file or at least one --set override to compare against");
    }
    const sized = (s: ReturnType<typeof loadScenario>) =>
      opts.duration === undefined ? s : withDuration(s, opts.duration);
    const base = sized(loadScenario(baseFile, []));
    const variant = sized(loadScenario(variantFile ?? baseFile, opts.set));
    const named = variantFile
      ? variant
      : { ...variant, name: `${base.name} with ${opts.set.join(", ")}` };
    const bar = ctx.progress(opts, "comparing");
    const result = compare(base, named, {
      seed: opts.seed,
      replications: opts.replications,
      onProgress: bar?.update,
      precision: opts.precision,
      maxReplications: opts.maxReplications,
    });
    bar?.done();
    writeHtml(ctx, opts, () => renderCompareHtml(result, { source: pageSource(baseFile, []) }));
    ctx.print(opts, {
      json: result,
      csv: () => comparisonCsv(result),
      table: () => renderComparison(result),
    });
  });
}
