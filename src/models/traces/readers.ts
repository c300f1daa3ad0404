import {
  count,
  httpFailed,
  interval,
  isObj,
  list,
  type Obj,
  object,
  type Span,
  type SpanKind,
  TraceError,
  type TraceFormat,
  text,
  traceFormat,
} from "./spans.js";

/** The three formats' readers: each file's spans in the one shape of `Span`. */

/**
 * Every span of a parsed trace file, and its format.
 *
 * @example
 * const { format, spans } = readSpans(JSON.parse(text));
 * spans.filter((s) => s.kind === "server" && s.error).length; // failed server spans
 */
export function readSpans(data: unknown): { format: TraceFormat; spans: Span[] } {
  const format = traceFormat(data);
  const spans =
    format === "otlp"
      ? readOtlp(data as Obj)
      : format === "jaeger"
        ? readJaeger(data as Obj)
        : readZipkin(data as unknown[]);
  return { format, spans };
}

// ---- OTLP ---------------------------------------------------------------------------------

/** OTLP's AnyValue, as a plain value. */
function anyValue(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  if ("stringValue" in v) return v.stringValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("boolValue" in v) return v.boolValue;
  return undefined;
}

function otlpAttributes(v: unknown[], at: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  v.forEach((a, k) => {
    const attr = object(a, `${at}[${k}]`);
    out.set(text(attr, "key", `${at}[${k}]`), anyValue(attr.value));
  });
  return out;
}

const OTLP_KINDS: Record<string, SpanKind> = {
  "1": "internal",
  "2": "server",
  "3": "client",
  "4": "producer",
  "5": "consumer",
  SPAN_KIND_INTERNAL: "internal",
  SPAN_KIND_SERVER: "server",
  SPAN_KIND_CLIENT: "client",
  SPAN_KIND_PRODUCER: "producer",
  SPAN_KIND_CONSUMER: "consumer",
};

function readOtlp(data: Obj): Span[] {
  const spans: Span[] = [];
  list(data, "resourceSpans", "").forEach((r, i) => {
    const at = `resourceSpans[${i}]`;
    const resource = object(r, at);
    const attrs = otlpAttributes(
      list(isObj(resource.resource) ? resource.resource : {}, "attributes", `${at}.resource`),
      `${at}.resource.attributes`,
    );
    const service = attrs.get("service.name");
    if (typeof service !== "string" || service === "")
      throw new TraceError(`${at}.resource.attributes`, "no service.name");
    const instance =
      attrs.get("service.instance.id") ?? attrs.get("host.name") ?? attrs.get("host.id");
    // instrumentationLibrarySpans: the name before OTLP 0.15.
    const scopes = [
      ...list(resource, "scopeSpans", at),
      ...list(resource, "instrumentationLibrarySpans", at),
    ];
    scopes.forEach((sc, j) => {
      const scopeAt = `${at}.scopeSpans[${j}]`;
      list(object(sc, scopeAt), "spans", scopeAt).forEach((s, k) => {
        const spanAt = `${scopeAt}.spans[${k}]`;
        const span = object(s, spanAt);
        const spanAttrs = otlpAttributes(list(span, "attributes", spanAt), `${spanAt}.attributes`);
        const status = isObj(span.status) ? span.status.code : undefined;
        const kind = OTLP_KINDS[String(span.kind ?? "")] ?? "internal";
        const { start, end } = interval(
          count(span, "startTimeUnixNano", spanAt) / 1e9,
          count(span, "endTimeUnixNano", spanAt) / 1e9,
          spanAt,
        );
        spans.push({
          trace: text(span, "traceId", spanAt),
          id: text(span, "spanId", spanAt),
          parent: text(span, "parentSpanId", spanAt, true) || null,
          service,
          instance: typeof instance === "string" && instance !== "" ? instance : null,
          name: text(span, "name", spanAt, true) || "(unnamed)",
          kind,
          start,
          end,
          error:
            status === 2 ||
            status === "STATUS_CODE_ERROR" ||
            httpFailed(
              spanAttrs.get("http.response.status_code") ?? spanAttrs.get("http.status_code"),
            ),
        });
      });
    });
  });
  return spans;
}

// ---- Jaeger -------------------------------------------------------------------------------

function jaegerTags(v: unknown[], at: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  v.forEach((t, k) => {
    const tag = object(t, `${at}[${k}]`);
    out.set(text(tag, "key", `${at}[${k}]`), tag.value);
  });
  return out;
}

function readJaeger(data: Obj): Span[] {
  const spans: Span[] = [];
  list(data, "data", "").forEach((t, i) => {
    const at = `data[${i}]`;
    const trace = object(t, at);
    const processes = isObj(trace.processes) ? trace.processes : {};
    list(trace, "spans", at).forEach((s, k) => {
      const spanAt = `${at}.spans[${k}]`;
      const span = object(s, spanAt);
      const processId = text(span, "processID", spanAt);
      const process = processes[processId];
      if (!isObj(process))
        throw new TraceError(`${spanAt}.processID`, `no process "${processId}" in ${at}.processes`);
      const processTags = jaegerTags(
        list(process, "tags", `${at}.processes.${processId}`),
        `${at}.processes.${processId}.tags`,
      );
      const tags = jaegerTags(list(span, "tags", spanAt), `${spanAt}.tags`);
      const parentRef = list(span, "references", spanAt).find(
        (r) => isObj(r) && (r.refType === "CHILD_OF" || r.refType === "FOLLOWS_FROM"),
      ) as Obj | undefined;
      const kind = String(tags.get("span.kind") ?? "");
      const start = count(span, "startTime", spanAt) / 1e6;
      const instance =
        processTags.get("service.instance.id") ??
        processTags.get("hostname") ??
        processTags.get("ip");
      spans.push({
        trace: text(span, "traceID", spanAt),
        id: text(span, "spanID", spanAt),
        parent: parentRef ? text(parentRef, "spanID", `${spanAt}.references`) : null,
        service: text(process, "serviceName", `${at}.processes.${processId}`),
        instance: instance === undefined || instance === "" ? null : String(instance),
        name: text(span, "operationName", spanAt, true) || "(unnamed)",
        kind:
          (["server", "client", "producer", "consumer"] as const).find((k) => k === kind) ??
          "internal",
        start,
        end: start + count(span, "duration", spanAt) / 1e6,
        error:
          tags.get("error") === true ||
          tags.get("error") === "true" ||
          httpFailed(tags.get("http.status_code") ?? tags.get("http.response.status_code")),
      });
    });
  });
  return spans;
}

// ---- Zipkin -------------------------------------------------------------------------------

function readZipkin(data: unknown[]): Span[] {
  const spans = data.map((s, k): Span => {
    const at = `[${k}]`;
    const span = object(s, at);
    const local = isObj(span.localEndpoint) ? span.localEndpoint : {};
    const tags = isObj(span.tags) ? span.tags : {};
    const start = count(span, "timestamp", at) / 1e6;
    const address = local.ipv4 ?? local.ipv6;
    return {
      trace: text(span, "traceId", at),
      id: text(span, "id", at),
      parent: text(span, "parentId", at, true) || null,
      service: text(local, "serviceName", `${at}.localEndpoint`),
      instance:
        typeof tags["service.instance.id"] === "string"
          ? tags["service.instance.id"]
          : address === undefined
            ? null
            : `${address}${local.port === undefined ? "" : `:${local.port}`}`,
      name: text(span, "name", at, true) || "(unnamed)",
      kind:
        (["server", "client", "producer", "consumer"] as const).find(
          (k) => k === String(span.kind ?? "").toLowerCase(),
        ) ?? "internal",
      start,
      end: start + (span.duration === undefined ? 0 : count(span, "duration", at) / 1e6),
      error:
        "error" in tags ||
        httpFailed(tags["http.status_code"] ?? tags["http.response.status_code"]),
    };
  });
  // B3 "shared" spans: a server half with the id of its client half. Give the server half an
  // id of its own, the client as its parent.
  // Spans of the server's service that name the shared id as parent hang under the server half.
  const clients = new Set(
    spans.filter((s) => s.kind === "client").map((s) => `${s.trace}/${s.id}`),
  );
  const shared = new Map<string, Span>();
  for (const s of spans) {
    if (s.kind === "server" && clients.has(`${s.trace}/${s.id}`)) {
      shared.set(`${s.trace}/${s.id}`, s);
      s.parent = s.id;
      s.id = `${s.id}:server`;
    }
  }
  for (const s of spans) {
    const server = s.parent === null ? undefined : shared.get(`${s.trace}/${s.parent}`);
    if (server !== undefined && server !== s && s.service === server.service) s.parent = server.id;
  }
  return spans;
}
