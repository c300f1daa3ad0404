import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the live system is plain JavaScript, run as a user runs it.
import { CHECKOUT_SHARE, drive, SERVICES, startSystem } from "../examples/live/system.mjs";
import { importTraces } from "../src/index.js";

/**
 * The importer on spans the real OpenTelemetry SDK wrote: five Node HTTP services on loopback,
 * each its own process with the SDK's HTTP instrumentation, driven by an open Poisson source for a few
 * seconds. The structure, the mix and the failures are checked; times are not (they are the
 * machine's; `npm run calibrate` compares them).
 */
describe("the live system's own spans", () => {
  it("import to its services, instances, call trees and mix", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshsim-live-"));
    const system = await startSystem(dir, "test");
    const measured = await drive(30, 3);
    const files: string[] = await system.stop();
    expect(measured.browse.throughput).toBeGreaterThan(0);
    const imported = importTraces(
      files.map((f) => JSON.parse(readFileSync(f, "utf8"))),
      files,
    );
    expect(imported.formats).toEqual(["otlp", "otlp", "otlp", "otlp", "otlp"]);
    const data = imported.data as {
      services: Record<string, { instances: number; concurrency: number }>;
      flows: Record<string, unknown>;
      workload: { mix: Record<string, number> };
    };
    expect(Object.keys(data.services).sort()).toEqual(Object.keys(SERVICES).sort());
    for (const s of Object.values(data.services)) expect(s.instances).toBe(1);
    expect(data.flows["GET-browse"]).toEqual([{ "api-gateway": ["catalog"] }]);
    expect(data.flows["GET-checkout"]).toEqual([
      { "api-gateway": [{ order: [{ parallel: [["inventory"], ["payment"]] }] }] },
    ]);
    // The mix: the source sends checkouts at 30% of the rate.
    const { "GET-browse": browse, "GET-checkout": checkout } = data.workload.mix;
    const n = browse! + checkout!;
    expect(Math.abs(checkout! / n - CHECKOUT_SHARE)).toBeLessThan(
      4 * Math.sqrt((CHECKOUT_SHARE * (1 - CHECKOUT_SHARE)) / n),
    );
    // The SDK's HTTP instrumentation writes a server span per request served and a client span
    // per call made: three a browse, seven a checkout.
    expect(imported.summary.spans).toBeGreaterThanOrEqual(3 * n);
  }, 60_000);
});
