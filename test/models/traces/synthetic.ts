import { createDistribution, createStream, type Span } from "../../../src/index.js";

export {
  writeJaeger as toJaeger,
  writeOtlp as toOtlp,
  writeZipkin as toZipkin,
} from "../../../src/index.js";

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
