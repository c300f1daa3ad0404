// meshsim as a library, as a notebook would use it: what does 5x traffic do to checkout?
// Run with: node examples/library.mjs   (after npm install, which builds dist/)
import { readFileSync } from "node:fs";
import { loadBalancingEfficiency, parseScenario, simulate } from "meshsim";

const base = parseScenario(readFileSync(new URL("./ecommerce.yaml", import.meta.url), "utf8"));
const short = { ...base, duration: 120, warmup: 20, timeline: { window: 5 } };

for (const scale of [1, 2, 5]) {
  const scenario = { ...short, workload: { ...short.workload, rate: base.workload.rate * scale } };
  const report = simulate(scenario);
  const checkout = report.flows.checkout;
  const busiest = Object.entries(report.analytic.services).sort(
    (a, b) => b[1].utilization - a[1].utilization,
  )[0];
  console.log(
    `${scale}x: checkout p99 ${(checkout.latency.p99 * 1000).toFixed(0)} ms, success ${(checkout.successRate * 100).toFixed(2)}%, ` +
      `busiest ${busiest[0]} at ${(busiest[1].utilization * 100).toFixed(0)}%${busiest[1].unstable ? " (unstable)" : ""}`,
  );
}
console.log(`efficiency of [100, 110, 90]: ${loadBalancingEfficiency([100, 110, 90])}`);
