import type { Scenario } from "../scenario/types.js";
import { DEFAULT_EPOCH } from "../traces/openMetrics.js";
import type { Span } from "../traces/spans.js";
import { World } from "../world/world.js";
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_IN_FLIGHT, replicationSeed } from "./simulate.js";

/** What `simulateTraces` takes: the share of requests traced, and bounds. */
export interface TraceOptions {
  /** The share of requests traced (default 0.01). */
  sample?: number;
  /** Run seed; defaults to the scenario's. The traced run is the report's first replication. */
  seed?: number;
  /** The most spans kept; later requests are not traced (default 1,000,000). */
  maxSpans?: number;
  /** The epoch second the simulated clock starts at (default 2026-01-01T00:00:00Z). */
  epoch?: number;
}

/** The defaults of `simulateTraces`: 1% of requests, at most a million spans, from 2026-01-01. */
export const TRACE_DEFAULTS = { sample: 0.01, maxSpans: 1_000_000, epoch: DEFAULT_EPOCH } as const;

/** The spans of a simulated run, and whether `maxSpans` cut the sample short. */
export interface SimulatedTraces {
  spans: Span[];
  /** Requests traced, and finished before the run ended. */
  traces: number;
  /** Traced requests still under way at the end: their spans are left out. */
  unfinished: number;
  full: boolean;
}

/**
 * The spans of a simulated run: one replication (the report's first, on the same seed, so the
 * traced requests are the report's own), a `sample` share of its requests traced, one server
 * span per call from its start as the caller makes it to its answer, with its service, the
 * instance that served it, its parent call and its status. Simulated seconds start at `epoch`;
 * the same scenario and seed give the same spans.
 *
 * @example
 * const { spans } = simulateTraces(scenario, { sample: 0.1 });
 * writeFileSync("traces.json", JSON.stringify(writeOtlp(spans)));
 */
export function simulateTraces(scenario: Scenario, options: TraceOptions = {}): SimulatedTraces {
  const sample = options.sample ?? TRACE_DEFAULTS.sample;
  if (!(sample > 0 && sample <= 1))
    throw new RangeError(`simulateTraces: sample must be in (0, 1], got ${sample}`);
  const maxSpans = options.maxSpans ?? TRACE_DEFAULTS.maxSpans;
  const epoch = options.epoch ?? TRACE_DEFAULTS.epoch;
  const seed = replicationSeed(options.seed ?? scenario.seed, 0, scenario.replications);
  const world = new World(scenario, seed, {
    maxEvents: DEFAULT_MAX_EVENTS,
    maxInFlight: DEFAULT_MAX_IN_FLIGHT,
    traces: { sample, maxSpans },
  });
  world.run();
  const tracer = world.tracer!;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  // A request still under way when the run ended has spans that never closed: left out whole.
  const open = new Set(tracer.spans.filter((s) => !s.closed).map((s) => s.trace));
  const spans = tracer.spans
    .filter((s) => !open.has(s.trace))
    .map(
      (s): Span => ({
        trace: hex(s.trace, 32),
        id: hex(s.id, 16),
        parent: s.parent === null ? null : hex(s.parent, 16),
        service: s.service,
        instance: s.instance,
        name: s.name,
        kind: "server",
        start: epoch + s.start,
        end: epoch + s.end,
        error: s.error,
      }),
    );
  return {
    spans,
    traces: new Set(spans.map((s) => s.trace)).size,
    unfinished: open.size,
    full: tracer.full,
  };
}
