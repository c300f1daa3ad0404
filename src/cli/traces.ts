import { type Command, Option } from "commander";
import {
  type Report,
  renderOpenMetrics,
  type Scenario,
  simulateTraces,
  TRACE_DEFAULTS,
  writeJaeger,
  writeOtlp,
  writeZipkin,
} from "../index.js";
import { UsageError, writeOptionFile } from "./io.js";
import { shareOrAll } from "./options.js";
import type { Context } from "./output.js";

const WRITERS = { otlp: writeOtlp, jaeger: writeJaeger, zipkin: writeZipkin } as const;

/** `--traces FILE`, `--sample`, `--trace-format`: the simulated requests as trace files. */
export function tracesOptions(command: Command): Command {
  return command
    .option(
      "--metrics <file>",
      "also write the report's figures in the OpenMetrics text format: each timeline window's gauges, counters, latency histograms",
    )
    .option(
      "--traces <file>",
      "also write a sample of the simulated requests as traces (one span per call), loadable by Jaeger, an OTLP backend or meshsim import",
    )
    .option(
      "--sample <share>",
      `with --traces: the share of requests traced (default ${TRACE_DEFAULTS.sample * 100}%)`,
      shareOrAll,
    )
    .addOption(
      new Option("--trace-format <format>", "with --traces: the file's format")
        .choices(Object.keys(WRITERS))
        .default("otlp"),
    );
}

/** With `--metrics FILE`: the report as OpenMetrics text. */
export function writeMetrics(
  ctx: Context,
  report: Report,
  opts: { metrics?: string; quiet?: boolean },
): void {
  if (opts.metrics === undefined) return;
  const text = renderOpenMetrics(report);
  writeOptionFile("--metrics", opts.metrics, text);
  if (!opts.quiet)
    ctx.io.stderr(
      `wrote ${opts.metrics}: ${text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).length} samples (OpenMetrics)\n`,
    );
}

/** With `--traces FILE`: simulate the report's first replication traced, and write its spans. */
export function writeTraces(
  ctx: Context,
  scenario: Scenario,
  opts: {
    traces?: string;
    sample?: number;
    traceFormat: keyof typeof WRITERS;
    seed?: number;
    quiet?: boolean;
  },
): void {
  if (opts.traces === undefined) {
    if (opts.sample !== undefined) throw new UsageError("--sample goes with --traces FILE");
    return;
  }
  const traced = simulateTraces(scenario, { sample: opts.sample, seed: opts.seed });
  const text = `${JSON.stringify(WRITERS[opts.traceFormat](traced.spans))}\n`;
  writeOptionFile("--traces", opts.traces, text);
  if (!opts.quiet)
    ctx.io.stderr(
      `wrote ${opts.traces}: ${traced.spans.length} spans of ${traced.traces} requests (${opts.traceFormat})${traced.unfinished > 0 ? `; ${traced.unfinished} still under way at the end left out` : ""}${traced.full ? "; the span limit stopped tracing early" : ""}\n`,
    );
}
