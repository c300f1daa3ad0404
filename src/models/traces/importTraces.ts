import { Document, isMap, isScalar, isSeq, type YAMLMap } from "yaml";
import { parseScenario } from "../scenario/parse.js";
import { ScenarioError } from "../scenario/scenarioError.js";
import type { Scenario } from "../scenario/types.js";
import { type ImportSummary, inferScenario, MAX_FLOWS } from "./infer.js";
import { readSpans } from "./readers.js";
import { type Span, TraceError, type TraceFormat } from "./spans.js";

/** How `importTraces` reads the traces. */
export interface ImportOptions {
  /**
   * The share of the requests the traces hold, in (0, 1] (default 1: every request): head
   * sampling at 10% is 0.1. Rates are scaled up by its inverse, and workers are read from the
   * most spans held open at once, scaled the same way: a sample does not show the queue.
   */
  sampled?: number;
}

/** What `importTraces` made of the trace files. */
export interface ImportResult {
  /** The scenario, parsed and normalised (so it runs as it stands). */
  scenario: Scenario;
  /** The scenario as a file would write it. */
  data: Record<string, unknown>;
  /** The same as YAML, each inferred figure with a comment saying where it came from. */
  yaml: string;
  /** The format of each file, in order. */
  formats: TraceFormat[];
  summary: ImportSummary;
}

/**
 * A scenario from distributed traces: OTLP JSON, Jaeger JSON or Zipkin v2 JSON, detected per
 * file (each parsed JSON document). Spans of all the files are read together, so a trace may
 * span files. Throws a `TraceError` naming the file, the span and the field for a file that
 * cannot be read; nothing partial is returned.
 *
 * @example
 * const { yaml, scenario } = importTraces([JSON.parse(readFileSync("spans.json", "utf8"))]);
 * writeFileSync("imported.yaml", yaml);
 * simulate(scenario).flows; // one flow per root operation
 */
export function importTraces(
  files: readonly unknown[],
  names?: readonly string[],
  options: ImportOptions = {},
): ImportResult {
  const formats: TraceFormat[] = [];
  const spans: Span[] = [];
  files.forEach((file, i) => {
    try {
      const read = readSpans(file);
      formats.push(read.format);
      for (const s of read.spans) spans.push(s);
    } catch (error) {
      if (error instanceof TraceError && names?.[i] !== undefined)
        throw new TraceError(
          `${names[i]}${error.path === "" ? "" : ` ${error.path}`}`,
          error.problem,
        );
      throw error;
    }
  });
  if (spans.length === 0) throw new TraceError(names?.join(", ") ?? "", "no spans in the traces");
  let inferred: ReturnType<typeof inferScenario>;
  try {
    inferred = inferScenario(spans, options.sampled ?? 1);
  } catch (error) {
    if (error instanceof RangeError) throw new TraceError(names?.join(", ") ?? "", error.message);
    throw error;
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(inferred.data);
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new TraceError(
        names?.join(", ") ?? "",
        `the traces describe a system meshsim cannot model as it stands: ${error.message}`,
      );
    throw error;
  }
  return {
    scenario,
    data: inferred.data,
    yaml: commented(inferred.data, inferred.notes, inferred.summary, formats),
    formats,
    summary: inferred.summary,
  };
}

/** The scenario as YAML, each note as a comment above its key. */
function commented(
  data: Record<string, unknown>,
  notes: ReadonlyMap<string, string>,
  summary: ImportSummary,
  formats: readonly TraceFormat[],
): string {
  const doc = new Document(data);
  for (const [path, note] of notes) {
    const keys = path.split(".");
    const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
    if (!isMap(parent)) continue;
    const pair = (parent as YAMLMap).items.find(
      (p) => isScalar(p.key) && p.key.value === keys.at(-1),
    );
    if (pair && isScalar(pair.key)) pair.key.commentBefore = ` ${note}`;
  }
  // An empirical distribution's values on one line: a list, not a column.
  for (const name of Object.keys(data.services as object)) {
    const values = doc.getIn(["services", name, "latency", "values"], true);
    if (isSeq(values)) values.flow = true;
  }
  const left = [
    summary.incomplete > 0 ? `${summary.incomplete} traces without a root span were left out` : "",
    summary.rare > 0
      ? `${summary.rare} requests of root operations past the ${MAX_FLOWS} most frequent were left out of the mix`
      : "",
    summary.asynchronous > 0
      ? `${summary.asynchronous} producer and consumer spans (messaging) are not modelled from traces yet`
      : "",
  ].filter((s) => s !== "");
  doc.commentBefore = [
    ` Imported by meshsim from ${summary.spans} spans in ${summary.traces} traces (${[...new Set(formats)].join(", ")}):`,
    ` ${summary.services} services, ${summary.flows} flows.${left.length > 0 ? ` ${left.join("; ")}.` : ""}`,
    " Each figure's comment says where it came from; review them before you trust an answer.",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}
