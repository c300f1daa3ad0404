import type { Command } from "commander";
import { hasSlo, mergeShards } from "../../index.js";
import { readText, UsageError } from "../io.js";
import { outputOptions } from "../options.js";
import type { Context } from "../output.js";
import { printReport } from "./run.js";
import { printSweep } from "./sweep.js";

export function registerMerge(program: Command, ctx: Context): void {
  const command = program
    .command("merge")
    .description(
      "combine the shards of a run or a sweep (--shard I/N) into the report an unsharded run gives",
    )
    .argument("<shards...>", "shard files, one per slice")
    .option("--slo", "check the scenario's slo objectives (runs): exit 1 if one is breached");
  outputOptions(command).action((files: string[], opts) => {
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
      if (opts.slo && !hasSlo(merged.scenario.slo))
        throw new UsageError("--slo: the merged run's scenario states no objectives");
      printReport(ctx, merged.report, merged.scenario, opts);
    } else {
      if (opts.slo) throw new UsageError("--slo checks a run's shards; a sweep checks its own");
      printSweep(ctx, merged.result, opts);
    }
  });
}
