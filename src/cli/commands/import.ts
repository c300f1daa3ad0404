import type { Command } from "commander";
import { importTraces, TraceError } from "../../index.js";
import { readText, UsageError, writeOptionFile } from "../io.js";
import { shareOrAll } from "../options.js";
import type { Context } from "../output.js";

/** A trace file may be this large: its spans are held in memory while the model is inferred. */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

export function registerImport(program: Command, ctx: Context): void {
  program
    .command("import")
    .description(
      "a scenario from distributed traces (OTLP JSON, Jaeger JSON or Zipkin v2 JSON), each figure commented with where it came from",
    )
    .argument("<traces...>", "trace files (JSON), or - for standard input")
    .option("-o, --output <file>", "write the scenario here instead of standard output")
    .option("--json", "print { scenario, summary, formats } as JSON instead of YAML")
    .option(
      "--sampled <share>",
      "the share of the requests the traces hold (head sampling), e.g. 10%: rates are scaled up by it",
      shareOrAll,
    )
    .option("-q, --quiet", "no summary on stderr")
    .action(
      (
        files: string[],
        opts: { output?: string; json?: boolean; quiet?: boolean; sampled?: number },
      ) => {
        const parsed = files.map((file) => {
          const text = readText(file, MAX_TRACE_BYTES, "a trace file");
          try {
            return JSON.parse(text) as unknown;
          } catch (error) {
            throw new UsageError(`cannot read ${file}: not JSON (${(error as Error).message})`);
          }
        });
        let result: ReturnType<typeof importTraces>;
        try {
          result = importTraces(parsed, files, { sampled: opts.sampled });
        } catch (error) {
          if (error instanceof TraceError) throw new UsageError(error.message);
          throw error;
        }
        const out = opts.json
          ? `${JSON.stringify({ scenario: result.data, summary: result.summary, formats: result.formats }, null, 2)}\n`
          : result.yaml;
        if (opts.output !== undefined) writeOptionFile("--output", opts.output, out);
        else ctx.io.stdout(out);
        if (!opts.quiet) {
          const s = result.summary;
          ctx.io.stderr(
            `${s.spans} spans in ${s.traces} traces (${[...new Set(result.formats)].join(", ")}): ${s.services} services, ${s.flows} flows${opts.output === undefined ? "" : `; wrote ${opts.output}`}\n`,
          );
        }
      },
    );
}
