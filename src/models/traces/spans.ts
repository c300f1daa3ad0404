/**
 * Trace files read into one shape of span, whatever wrote them: OTLP JSON (the OpenTelemetry
 * Collector's file exporter, the SDK's OTLP transformer), Jaeger JSON (the UI's download, the
 * query API's `data[]`) and Zipkin v2 JSON (an array of spans). Parsing JSON only: the caller
 * reads files. A span that cannot be read is a `TraceError` naming it and the field.
 */

/** What a span was, as meshsim reads it. */
export type SpanKind = "server" | "client" | "producer" | "consumer" | "internal";

/** One span, in seconds, from any of the formats. */
export interface Span {
  trace: string;
  id: string;
  /** The parent span's id; null for a root. */
  parent: string | null;
  service: string;
  /** The instance it ran on (service.instance.id, host name or address); null: not recorded. */
  instance: string | null;
  /** The operation. */
  name: string;
  kind: SpanKind;
  /** Start and end, seconds since the epoch. */
  start: number;
  end: number;
  /** Error status, an `error` tag, or an HTTP status of 500 and above. */
  error: boolean;
}

/**
 * The trace formats `importTraces` reads: OTLP JSON, Jaeger JSON, Zipkin v2 JSON.
 */
export type TraceFormat = "otlp" | "jaeger" | "zipkin";

/** A trace file that cannot be read: where (`resourceSpans[0].scopeSpans[1].spans[4].startTimeUnixNano`) and why. */
export class TraceError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "TraceError";
  }
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The format of a parsed trace file, or a TraceError saying what it looks like instead.
 *
 * @example
 * traceFormat({ resourceSpans: [] }); // "otlp"
 * traceFormat([{ traceId: "a", id: "b" }]); // "zipkin"
 */
export function traceFormat(data: unknown): TraceFormat {
  if (isObj(data) && Array.isArray(data.resourceSpans)) return "otlp";
  if (isObj(data) && Array.isArray(data.data)) return "jaeger";
  if (Array.isArray(data) && (data.length === 0 || (isObj(data[0]) && "traceId" in data[0])))
    return "zipkin";
  throw new TraceError(
    "",
    "not a trace file meshsim reads: expected OTLP JSON ({ resourceSpans }), Jaeger JSON ({ data: [...] }) or Zipkin v2 JSON ([spans])",
  );
}

// ---- fields -------------------------------------------------------------------------------

export function text(o: Obj, key: string, at: string, optional = false): string {
  const v = o[key];
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number") return String(v);
  if (optional && (v === undefined || v === null || v === "")) return "";
  throw new TraceError(
    `${at}.${key}`,
    v === undefined ? "missing" : `expected a string, got ${JSON.stringify(v)}`,
  );
}

/** A non-negative number given as a number or a decimal string (OTLP's 64-bit nanoseconds). */
export function count(o: Obj, key: string, at: string): number {
  const v = o[key];
  const n =
    typeof v === "number"
      ? v
      : typeof v === "string" && /^\d+(\.\d+)?$/.test(v)
        ? Number(v)
        : Number.NaN;
  if (!(Number.isFinite(n) && n >= 0))
    throw new TraceError(
      `${at}.${key}`,
      v === undefined ? "missing" : `expected a non-negative number, got ${JSON.stringify(v)}`,
    );
  return n;
}

export function list(o: Obj, key: string, at: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TraceError(`${at}.${key}`, "expected a list");
  return v;
}

export function object(v: unknown, at: string): Obj {
  if (!isObj(v)) throw new TraceError(at, "expected an object");
  return v;
}

/** A span's times, checked: an end before its start is refused. */
export function interval(start: number, end: number, at: string): { start: number; end: number } {
  if (end < start)
    throw new TraceError(at, `ends before it starts (start ${start} s, end ${end} s)`);
  return { start, end };
}

export const httpFailed = (status: unknown): boolean => Number(status) >= 500;
