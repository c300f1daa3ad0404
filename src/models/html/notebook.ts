import type { Report } from "../report.js";
import { compare as compareScenarios } from "../run/compare.js";
import { plan as planCapacity } from "../run/plan.js";
import { simulate as simulateScenario } from "../run/simulate.js";
import { sweep as sweepGridOf } from "../run/sweep.js";
import type { Scenario } from "../scenario/types.js";
import { esc } from "./format.js";
import { renderCompareHtml, renderHtml, renderPlanHtml, renderSweepHtml } from "./render.js";

/**
 * The public `simulate`, `compare`, `sweep` and `plan`: the runners of `models/run`, whose
 * results also display as their HTML page in a notebook. Jupyter's Deno kernel shows a value
 * by calling its `Symbol.for("Jupyter.display")` method; the method is not enumerable, so
 * JSON, equality and structured clones see plain data.
 */

/** The key Deno's Jupyter kernel looks up to display a value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * A whole page as a notebook output: in a sandboxed frame of its own, so its style sheet and
 * scripts cannot reach the notebook's (and the notebook's cannot restyle it). The page is
 * self-contained, so the frame needs no network and no same-origin access.
 */
export function notebookFrame(page: string, height = 900): string {
  return `<iframe srcdoc="${esc(page)}" sandbox="allow-scripts" style="width:100%;height:${height}px;border:0" title="meshsim"></iframe>`;
}

/**
 * `value`, displaying in Jupyter as the page `html(value)`, in a frame of its own.
 *
 * @example
 * // In a Deno notebook, a cell ending in `table` shows it as HTML.
 * const table = displayable({ rows: [1, 2] }, (t) => `<b>${t.rows.length} rows</b>`);
 */
export function displayable<T extends object>(value: T, html: (value: T) => string): T {
  Object.defineProperty(value, JUPYTER_DISPLAY, {
    value: () => ({ "text/html": notebookFrame(html(value)) }),
    enumerable: false,
    configurable: true,
  });
  return value;
}

/**
 * Simulate a scenario and report what happened, with the analytic prediction beside it.
 * The same scenario and seed give the same report, byte for byte, but for `wallSeconds`.
 * In a Jupyter notebook (Deno kernel) the report displays as its HTML page.
 *
 * @example
 * const report = simulate(parseScenario(text), { replications: 5 });
 * report.flows.checkout.latency.p99; // seconds
 */
export function simulate(...args: Parameters<typeof simulateScenario>): Report {
  const [scenario] = args;
  return displayable(simulateScenario(...args), (r) => renderHtml(r, { scenario }));
}

/**
 * Compare a variant with a base scenario on the same seeds (common random numbers), each
 * figure's difference with its 95% interval from the paired replications. Displays as a page
 * in a notebook.
 *
 * @example
 * const c = compare(base, withValues(base, { "workload.rate": "400/s" }));
 * c.flows.checkout.p99.diff; // seconds, variant - base
 */
export function compare(
  ...args: Parameters<typeof compareScenarios>
): ReturnType<typeof compareScenarios> {
  const [base] = args;
  return displayable(compareScenarios(...args), (c) => renderCompareHtml(c, { scenario: base }));
}

/**
 * Simulate a scenario (plain data, as read from a file) at every point of a grid, on the same
 * seed at every point. Each point's scenario is checked before anything runs. Displays as its
 * curves in a notebook.
 * @throws {ScenarioError} for a path that does not exist or a value the scenario refuses
 *
 * @example
 * const s = sweep(data, [parseAxis("workload.rate=100/s..600/s:100/s")]);
 * s.knee; // { point, service } where offered utilization first reaches 1
 */
export function sweep(...args: Parameters<typeof sweepGridOf>): ReturnType<typeof sweepGridOf> {
  return displayable(sweepGridOf(...args), (s) => renderSweepHtml(s));
}

/**
 * The fewest instances (least cost) that meet every objective with 95% confidence, with the
 * evidence. Displays as its page in a notebook.
 *
 * @example
 * const p = plan(scenario, { rate: 1000 });
 * p.instances; // { payment: 6, ... }
 */
export function plan(
  scenario: Scenario,
  options?: Parameters<typeof planCapacity>[1],
): ReturnType<typeof planCapacity> {
  return displayable(planCapacity(scenario, options), (p) => renderPlanHtml(p, { scenario }));
}
