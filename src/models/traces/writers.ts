import type { Span, SpanKind } from "./spans.js";

/**
 * Spans written as each format's JSON, as the tools that write it would: OTLP (one resource
 * per service instance, as the OpenTelemetry SDK exports), Jaeger (traces with their
 * processes, as the UI downloads them) and Zipkin v2 (an array of spans). `readSpans` reads
 * each back to the same spans.
 */

const OTLP_KIND: Record<SpanKind, number> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};

/**
 * The spans as OTLP JSON, one resource per service instance, as the OpenTelemetry SDK writes it.
 *
 * @example
 * writeFileSync("traces.json", JSON.stringify(writeOtlp(simulateTraces(scenario).spans)));
 */
export function writeOtlp(spans: readonly Span[]): unknown {
  const byResource = new Map<string, Span[]>();
  for (const s of spans) {
    const key = `${s.service}\u0000${s.instance}`;
    byResource.set(key, [...(byResource.get(key) ?? []), s]);
  }
  // Nanoseconds past the epoch, exact to the double's own precision (> 2^53: BigInt).
  const nanos = (t: number) => {
    const whole = Math.floor(t);
    return (BigInt(whole) * 1_000_000_000n + BigInt(Math.round((t - whole) * 1e9))).toString();
  };
  return {
    resourceSpans: [...byResource.values()].map((list) => ({
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: list[0]!.service } },
          ...(list[0]!.instance === null
            ? []
            : [{ key: "service.instance.id", value: { stringValue: list[0]!.instance } }]),
        ],
      },
      scopeSpans: [
        {
          scope: { name: "@opentelemetry/instrumentation-http" },
          spans: list.map((s) => ({
            traceId: s.trace,
            spanId: s.id,
            ...(s.parent === null ? {} : { parentSpanId: s.parent }),
            name: s.name,
            kind: OTLP_KIND[s.kind],
            startTimeUnixNano: nanos(s.start),
            endTimeUnixNano: nanos(s.end),
            attributes: [
              { key: "http.response.status_code", value: { intValue: s.error ? 500 : 200 } },
            ],
            status: { code: s.error ? 2 : 0 },
          })),
        },
      ],
    })),
  };
}

/**
 * The spans as the Jaeger UI downloads them: traces with their processes.
 *
 * @example
 * writeFileSync("jaeger.json", JSON.stringify(writeJaeger(spans))); // the UI's "Upload JSON"
 */
export function writeJaeger(spans: readonly Span[]): unknown {
  const byTrace = new Map<string, Span[]>();
  for (const s of spans) byTrace.set(s.trace, [...(byTrace.get(s.trace) ?? []), s]);
  return {
    data: [...byTrace.entries()].map(([trace, list]) => {
      const processes: Record<string, unknown> = {};
      const pid = (s: Span) => {
        const key = `p-${s.service}-${s.instance}`;
        processes[key] = {
          serviceName: s.service,
          tags: [{ key: "hostname", type: "string", value: s.instance }],
        };
        return key;
      };
      return {
        traceID: trace,
        spans: list.map((s) => ({
          traceID: trace,
          spanID: s.id,
          operationName: s.name,
          references:
            s.parent === null ? [] : [{ refType: "CHILD_OF", traceID: trace, spanID: s.parent }],
          startTime: Math.round(s.start * 1e6),
          duration: Math.round((s.end - s.start) * 1e6),
          tags: [
            { key: "span.kind", type: "string", value: s.kind },
            ...(s.error ? [{ key: "error", type: "bool", value: true }] : []),
          ],
          processID: pid(s),
        })),
        processes,
      };
    }),
  };
}

/**
 * The spans as Zipkin v2 JSON.
 *
 * @example
 * await fetch("http://zipkin:9411/api/v2/spans", { method: "POST", body: JSON.stringify(writeZipkin(spans)) });
 */
export function writeZipkin(spans: readonly Span[]): unknown {
  return spans.map((s) => ({
    traceId: s.trace,
    id: s.id,
    ...(s.parent === null ? {} : { parentId: s.parent }),
    name: s.name,
    kind: s.kind.toUpperCase(),
    timestamp: Math.round(s.start * 1e6),
    duration: Math.round((s.end - s.start) * 1e6),
    localEndpoint: { serviceName: s.service },
    tags: {
      ...(s.instance === null ? {} : { "service.instance.id": s.instance }),
      ...(s.error ? { error: "true", "http.status_code": "500" } : { "http.status_code": "200" }),
    },
  }));
}
