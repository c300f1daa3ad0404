import { createDistribution, createStream, type Span } from "../../../src/index.js";

/**
 * A system whose spans are known exactly, written as an instrumented system would write them:
 * a frontend that calls catalog (browse) or order (checkout); order calls payment, then
 * inventory and shipping in parallel. Each service does its own work first, then its calls;
 * each call crosses a client span 2 × 0.5 ms longer than the server span it wraps. Poisson
 * arrivals; payment fails on its own with probability 0.02, and a failed payment ends the
 * request (order and frontend fail with it, inventory and shipping are not called).
 */
export const TRUTH = {
  rate: 50,
  checkoutShare: 0.4,
  paymentFailure: 0.02,
  hop: 0.0005,
  own: {
    frontend: { dist: "exponential", mean: 0.002 },
    catalog: { dist: "lognormal", p50: 0.008, p99: 0.04 },
    order: { dist: "gamma", shape: 2, mean: 0.02 },
    payment: { dist: "exponential", mean: 0.05 },
    inventory: { dist: "exponential", mean: 0.01 },
    shipping: { dist: "exponential", mean: 0.015 },
  },
  instances: { frontend: 2, catalog: 3, order: 2, payment: 2, inventory: 1, shipping: 1 },
} as const;

export function syntheticSpans(requests: number, seed = 7): Span[] {
  const rng = createStream(seed, "synthetic");
  const own = Object.fromEntries(
    Object.entries(TRUTH.own).map(([k, spec]) => [k, createDistribution(spec as never)]),
  ) as Record<keyof typeof TRUTH.own, ReturnType<typeof createDistribution>>;
  const spans: Span[] = [];
  let next = 0;
  const id = () => (++next).toString(16).padStart(16, "0");
  const epoch = 1_700_000_000;
  let t = epoch;
  for (let r = 0; r < requests; r++) {
    t += -Math.log(1 - rng.next()) / TRUTH.rate;
    const trace = r.toString(16).padStart(32, "0");
    const instance = (service: keyof typeof TRUTH.instances) =>
      `${service}-${r % TRUTH.instances[service]}`;
    /** A server span at `start`: its own work, then `calls` (each returns its client span's end). */
    const server = (
      service: keyof typeof TRUTH.own,
      parent: string | null,
      start: number,
      name: string,
      calls: (at: number, self: string) => { end: number; failed: boolean },
      fails = false,
    ): { end: number; failed: boolean } => {
      const self = id();
      const work = own[service].sample(rng);
      const inner = calls(start + work, self);
      const failed = fails || inner.failed;
      spans.push({
        trace,
        id: self,
        parent,
        service,
        instance: instance(service as never),
        name,
        kind: "server",
        start,
        end: inner.end,
        error: failed,
      });
      return { end: inner.end, failed };
    };
    /** A client span from `caller` around a server span of `callee`. */
    const call = (
      caller: keyof typeof TRUTH.own,
      parent: string,
      start: number,
      callee: keyof typeof TRUTH.own,
      calls: (at: number, self: string) => { end: number; failed: boolean } = (at) => ({
        end: at,
        failed: false,
      }),
      fails = false,
    ): { end: number; failed: boolean } => {
      const self = id();
      const result = server(callee, self, start + TRUTH.hop, `GET /${callee}`, calls, fails);
      const end = result.end + TRUTH.hop;
      spans.push({
        trace,
        id: self,
        parent,
        service: caller,
        instance: instance(caller as never),
        name: `GET ${callee}`,
        kind: "client",
        start,
        end,
        error: result.failed,
      });
      return { end, failed: result.failed };
    };
    const checkout = rng.next() < TRUTH.checkoutShare;
    server("frontend", null, t, checkout ? "POST /checkout" : "GET /browse", (at, self) =>
      checkout
        ? call("frontend", self, at, "order", (o, orderSpan) => {
            const paid = call(
              "order",
              orderSpan,
              o,
              "payment",
              undefined,
              rng.next() < TRUTH.paymentFailure,
            );
            if (paid.failed) return paid;
            const a = call("order", orderSpan, paid.end, "inventory");
            const b = call("order", orderSpan, paid.end, "shipping");
            return { end: Math.max(a.end, b.end), failed: false };
          })
        : call("frontend", self, at, "catalog"),
    );
  }
  return spans;
}

/** The spans as OTLP JSON, one resource per service instance, as the OpenTelemetry SDK writes it. */
export function toOtlp(spans: readonly Span[]): unknown {
  const byResource = new Map<string, Span[]>();
  for (const s of spans) {
    const key = `${s.service}\u0000${s.instance}`;
    byResource.set(key, [...(byResource.get(key) ?? []), s]);
  }
  const nanos = (t: number) => (BigInt(Math.round(t * 1e6)) * 1000n).toString();
  return {
    resourceSpans: [...byResource.values()].map((list) => ({
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: list[0]!.service } },
          { key: "service.instance.id", value: { stringValue: list[0]!.instance } },
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
            kind: s.kind === "server" ? 2 : 3,
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

/** The spans as the Jaeger UI downloads them: traces with their processes. */
export function toJaeger(spans: readonly Span[]): unknown {
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

/** The spans as Zipkin v2 JSON. */
export function toZipkin(spans: readonly Span[]): unknown {
  return spans.map((s) => ({
    traceId: s.trace,
    id: s.id,
    ...(s.parent === null ? {} : { parentId: s.parent }),
    name: s.name,
    kind: s.kind.toUpperCase(),
    timestamp: Math.round(s.start * 1e6),
    duration: Math.round((s.end - s.start) * 1e6),
    localEndpoint: {
      serviceName: s.service,
      ipv4: `10.0.0.${Number(s.instance!.split("-").at(-1)) + 1}`,
    },
    tags: s.error ? { error: "true", "http.status_code": "500" } : { "http.status_code": "200" },
  }));
}
