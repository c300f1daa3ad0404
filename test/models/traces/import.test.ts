import { describe, expect, it } from "vitest";
import {
  createStream,
  fitDistribution,
  importTraces,
  readSpans,
  type Span,
  simulate,
  TraceError,
  withDuration,
} from "../../../src/index.js";
import { syntheticSpans, TRUTH, toJaeger, toOtlp, toZipkin } from "./synthetic.js";

const REQUESTS = 2000;
const spans = syntheticSpans(REQUESTS);
const otlp = importTraces([toOtlp(spans)], ["spans.json"]);
const data = otlp.data as {
  workload: { rate: string; mix: Record<string, number> };
  services: Record<string, Record<string, unknown>>;
  flows: Record<string, unknown>;
  calls: Record<string, { network: string }>;
};
const ms = (text: unknown) => Number(String(text).replace("ms", "")) / 1000;

describe("importTraces: a scenario from the spans of a known system", () => {
  it("finds every service, with its instances", () => {
    expect(Object.keys(data.services).sort()).toEqual(Object.keys(TRUTH.instances).sort());
    for (const [name, n] of Object.entries(TRUTH.instances))
      expect(data.services[name]!.instances, name).toBe(n);
  });

  it("finds each root operation's call tree, parallel where siblings overlap", () => {
    expect(data.flows).toEqual({
      "GET-browse": [{ frontend: ["catalog"] }],
      "POST-checkout": [
        { frontend: [{ order: ["payment", { parallel: [["inventory"], ["shipping"]] }] }] },
      ],
    });
  });

  it("gives the mix and the rate within their sampling error", () => {
    const { mix, rate } = data.workload;
    const share = mix["POST-checkout"]! / REQUESTS;
    // 4 standard errors of a binomial share, and of a Poisson count's rate.
    const se = Math.sqrt((TRUTH.checkoutShare * (1 - TRUTH.checkoutShare)) / REQUESTS);
    expect(Math.abs(share - TRUTH.checkoutShare)).toBeLessThan(4 * se);
    expect(Math.abs(Number.parseFloat(rate) - TRUTH.rate)).toBeLessThan(
      (4 * TRUTH.rate) / Math.sqrt(REQUESTS),
    );
  });

  it("recovers each service's own time within four standard errors", () => {
    const checkouts = data.workload.mix["POST-checkout"]!;
    const browses = data.workload.mix["GET-browse"]!;
    const within = (ratio: number, se: number, what: string) =>
      expect(Math.abs(ratio - 1), what).toBeLessThan(4 * se);
    // The lognormal: log-median's error σ/√n; the log-p99's σ·√((1 + z²/2)/n).
    const catalog = data.services.catalog!.latency as Record<string, string>;
    expect(catalog.dist).toBe("lognormal");
    const sigma = Math.log(TRUTH.own.catalog.p99 / TRUTH.own.catalog.p50) / 2.3263;
    within(ms(catalog.p50) / TRUTH.own.catalog.p50, sigma / Math.sqrt(browses), "catalog p50");
    within(
      ms(catalog.p99) / TRUTH.own.catalog.p99,
      sigma * Math.sqrt((1 + 2.3263 ** 2 / 2) / browses),
      "catalog p99",
    );
    // The gamma (shape 2): the mean's coefficient of variation 1/√(2n).
    const order = data.services.order!.latency as Record<string, unknown>;
    within(ms(order.mean) / TRUTH.own.order.mean, 1 / Math.sqrt(2 * checkouts), "order mean");
    // Exponentials: the mean's coefficient of variation 1/√n.
    const paid = checkouts * (1 - TRUTH.paymentFailure);
    for (const [name, n] of [
      ["payment", checkouts],
      ["inventory", paid],
      ["shipping", paid],
    ] as const) {
      const own = data.services[name]!.latency as Record<string, unknown>;
      within(ms(own.mean) / TRUTH.own[name].mean, 1 / Math.sqrt(n), `${name} mean`);
    }
  });

  it("counts only the errors a span did not inherit from its calls", () => {
    const checkouts = data.workload.mix["POST-checkout"]!;
    const se = Math.sqrt((TRUTH.paymentFailure * (1 - TRUTH.paymentFailure)) / checkouts);
    expect(Math.abs(Number(data.services.payment!.failure) - TRUTH.paymentFailure)).toBeLessThan(
      4 * se,
    );
    // order and frontend failed only with payment.
    expect(data.services.order!.failure).toBeUndefined();
    expect(data.services.frontend!.failure).toBeUndefined();
  });

  it("reads network time off the client spans", () => {
    for (const edge of ["frontend->catalog", "order->payment", "order->shipping"])
      expect(ms(data.calls[edge]!.network)).toBeCloseTo(TRUTH.hop, 6);
  });

  it("reads the same system from OTLP, Jaeger and Zipkin", () => {
    for (const other of [importTraces([toJaeger(spans)]), importTraces([toZipkin(spans)])]) {
      expect(other.data.flows).toEqual(data.flows);
      const d = other.data as typeof data;
      for (const name of Object.keys(TRUTH.instances)) {
        expect(d.services[name]!.instances).toBe(data.services[name]!.instances);
        expect(d.services[name]!.failure).toBe(data.services[name]!.failure);
      }
    }
    expect(importTraces([toJaeger(spans)]).formats).toEqual(["jaeger"]);
  });

  it("reproduces the system: each flow's simulated p50 and p99 beside the traces' own", () => {
    const report = simulate(withDuration(otlp.scenario, 300), { replications: 2 });
    const quantile = (xs: number[], p: number) =>
      [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!;
    for (const [flow, root] of [
      ["GET-browse", "GET /browse"],
      ["POST-checkout", "POST /checkout"],
    ] as const) {
      const times = spans
        .filter((s) => s.parent === null && s.name === root)
        .map((s) => s.end - s.start);
      const simulated = report.flows[flow]!.latency;
      expect(simulated.p50 / quantile(times, 0.5), `${flow} p50`).toBeGreaterThan(0.9);
      expect(simulated.p50 / quantile(times, 0.5), `${flow} p50`).toBeLessThan(1.1);
      expect(simulated.p99 / quantile(times, 0.99), `${flow} p99`).toBeGreaterThan(0.85);
      expect(simulated.p99 / quantile(times, 0.99), `${flow} p99`).toBeLessThan(1.15);
    }
  });

  it("writes YAML that parses to the same scenario, each figure commented", () => {
    expect(otlp.yaml).toMatch(/^# Imported by meshsim from 10\d{3} spans in 2000 traces \(otlp\)/);
    expect(otlp.yaml).toMatch(
      /# own time \(span less its calls\): lognormal fit to \d+ spans: Kolmogorov-Smirnov/,
    );
    expect(otlp.yaml).toMatch(/# \d+ of \d+ spans failed on their own/);
  });
});

describe("importTraces: the rate over time", () => {
  it("gives a profile when the rate changes, a rate when it does not", () => {
    const steady = importTraces([toZipkin(syntheticSpans(600, 3))]).data as { workload: object };
    expect(Object.keys(steady.workload)).toContain("rate");
    // Twice the requests in the second half: the same spans, the later half's gaps halved.
    const base = syntheticSpans(600, 4);
    const roots = base.filter((s) => s.parent === null).sort((a, b) => a.start - b.start);
    const middle = roots[300]!.start;
    const shift = new Map<string, number>();
    for (const r of roots) {
      const t = r.start;
      shift.set(r.trace, t <= middle ? 0 : middle + (t - middle) / 3 - t);
    }
    const ramp: Span[] = base.map((s) => ({
      ...s,
      start: s.start + shift.get(s.trace)!,
      end: s.end + shift.get(s.trace)!,
    }));
    const ramped = importTraces([toZipkin(ramp)]).data as {
      workload: { profile: { at: string; rate: string }[] };
    };
    const rates = ramped.workload.profile.map((p) => Number.parseFloat(p.rate));
    expect(rates.at(-1)! / rates[0]!).toBeGreaterThan(2);
  });
});

describe("trace files that cannot be read", () => {
  type Otlp = {
    resourceSpans: {
      resource: { attributes: unknown[] };
      scopeSpans: { spans: Record<string, unknown>[] }[];
    }[];
  };
  const one = (mutate: (otlp: Otlp) => void) => {
    const file = structuredClone(toOtlp(spans.slice(0, 20))) as Otlp;
    mutate(file);
    return () => importTraces([file], ["bad.json"]);
  };

  it("name the file, the span and the field", () => {
    expect(
      one((f) => delete f.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.startTimeUnixNano),
    ).toThrow("bad.json resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano: missing");
    expect(
      one((f) => (f.resourceSpans[1]!.scopeSpans[0]!.spans[0]!.endTimeUnixNano = "1")),
    ).toThrow(/resourceSpans\[1\]\.scopeSpans\[0\]\.spans\[0\]: ends before it starts/);
    expect(
      one((f) => (f.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.startTimeUnixNano = "soon")),
    ).toThrow(/startTimeUnixNano: expected a non-negative number, got "soon"/);
    expect(one((f) => (f.resourceSpans[1]!.resource.attributes = []))).toThrow(
      "bad.json resourceSpans[1].resource.attributes: no service.name",
    );
    expect(() => importTraces([{ spans: [] }], ["x.json"])).toThrow(TraceError);
    expect(() => importTraces([{ spans: [] }], ["x.json"])).toThrow(/x\.json: not a trace file/);
    expect(() => importTraces([{ resourceSpans: [] }], ["empty.json"])).toThrow(/no spans/);
    const jaeger = toJaeger(spans.slice(0, 5)) as { data: { processes: object }[] };
    jaeger.data[0]!.processes = {};
    expect(() => importTraces([jaeger])).toThrow(/processID: no process/);
  });

  it("refuse a trace set with one request: no rate", () => {
    const single = spans.filter((s) => s.trace === spans[0]!.trace);
    expect(() => importTraces([toZipkin(single)])).toThrow(/fewer than two requests/);
  });
});

describe("Zipkin's shared spans", () => {
  it("split a server half that reuses its client's id, keeping the calls under the server", () => {
    const file = [
      {
        traceId: "t",
        id: "a",
        name: "get /",
        kind: "SERVER",
        timestamp: 0,
        duration: 10_000,
        localEndpoint: { serviceName: "web" },
      },
      {
        traceId: "t",
        id: "b",
        parentId: "a",
        name: "get",
        kind: "CLIENT",
        timestamp: 1000,
        duration: 8000,
        localEndpoint: { serviceName: "web" },
      },
      {
        traceId: "t",
        id: "b",
        parentId: "a",
        name: "get",
        kind: "SERVER",
        timestamp: 2000,
        duration: 6000,
        localEndpoint: { serviceName: "api" },
      },
      {
        traceId: "t",
        id: "c",
        parentId: "b",
        name: "query",
        kind: "CLIENT",
        timestamp: 3000,
        duration: 1000,
        localEndpoint: { serviceName: "api" },
      },
      {
        traceId: "t",
        id: "d",
        parentId: "c",
        name: "query",
        kind: "SERVER",
        timestamp: 3100,
        duration: 800,
        localEndpoint: { serviceName: "db" },
      },
    ];
    const { spans: read } = readSpans(file);
    const server = read.find((s) => s.service === "api" && s.kind === "server")!;
    expect(server.parent).toBe("b");
    expect(read.find((s) => s.id === "c")!.parent).toBe(server.id);
    const twice = [
      ...file,
      ...file.map((s) => ({ ...s, traceId: "u", timestamp: s.timestamp + 50_000 })),
    ];
    expect(importTraces([twice]).data.flows).toEqual({ get: [{ web: [{ api: ["db"] }] }] });
  });
});

describe("fitDistribution", () => {
  it("keeps a constant, and few values as they are", () => {
    expect(fitDistribution(Array(30).fill(0.012)).spec).toBe("12ms");
    const few = fitDistribution([0.001, 0.003, 0.002]);
    expect(few.spec).toEqual({ dist: "empirical", values: ["1ms", "2ms", "3ms"] });
    expect(few.note).toMatch(/too few to fit/);
  });

  it("falls back to the sample's quantiles when no fit passes", () => {
    // Two far-apart modes: no lognormal, gamma or exponential passes.
    const rng = createStream(9, "bimodal");
    const values = Array.from(
      { length: 2000 },
      () => (rng.next() < 0.5 ? 0.001 : 0.1) * (0.9 + 0.2 * rng.next()),
    );
    const fit = fitDistribution(values);
    expect((fit.spec as { dist: string }).dist).toBe("empirical");
    expect((fit.spec as { values: string[] }).values).toHaveLength(200);
    expect(fit.note).toMatch(/no fit passed Kolmogorov-Smirnov at 0.05/);
  });
});

describe("root operations with an id in their names", () => {
  it("keep the 50 most frequent as flows, and say how many requests were left out", () => {
    const many = syntheticSpans(1200, 12).map((s) =>
      s.parent === null ? { ...s, name: `GET /product/${Number.parseInt(s.trace, 16) % 60}` } : s,
    );
    const imported = importTraces([toZipkin(many)]);
    expect(imported.summary.flows).toBe(50);
    expect(imported.summary.rare).toBeGreaterThan(0);
    expect(
      Object.values((imported.data.workload as { mix: Record<string, number> }).mix).reduce(
        (a, b) => a + b,
        0,
      ),
    ).toBe(1200 - imported.summary.rare);
    expect(imported.yaml).toMatch(
      new RegExp(
        `# .*${imported.summary.rare} requests of root operations past the 50 most frequent were left out of the mix`,
      ),
    );
  });
});
