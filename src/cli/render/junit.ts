import type { SloCheck } from "../../index.js";
import { formatDuration } from "../../index.js";

const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An objective's figure in its unit: durations for latencies, shares for success, per second. */
function figure(check: SloCheck, x: number): string {
  if (check.metric === "successRate") return `${(x * 100).toFixed(3)}%`;
  if (check.metric === "maxUtilization") return `${(x * 100).toFixed(1)}%`;
  if (check.metric === "throughput") return `${x.toFixed(2)}/s`;
  return formatDuration(x);
}

/**
 * The SLO verdicts as JUnit XML, one test case an objective, so that a CI system that shows
 * test results (GitLab, Jenkins, GitHub's test reporters) shows each capacity objective: a
 * breach is a failure whose message gives the figure, its objective and its interval.
 */
export function sloJunit(checks: readonly SloCheck[], suite: string): string {
  const failures = checks.filter((c) => !c.ok).length;
  const cases = checks.map((c) => {
    const op = c.bound === "max" ? "<=" : ">=";
    const name = `${c.metric} ${op} ${figure(c, c.objective)}`;
    const interval = c.interval
      ? ` (95% interval ${figure(c, c.interval.low)}..${figure(c, c.interval.high)})`
      : "";
    const detail = `${c.scope} ${c.name}: ${c.metric} ${figure(c, c.actual)}${interval}, objective ${op} ${figure(c, c.objective)}`;
    const body = c.ok
      ? `<system-out>${xml(detail)}</system-out>`
      : `<failure message="${xml(detail)}" type="breach">${xml(detail)}</failure>`;
    return `    <testcase classname="${xml(`${c.scope}.${c.name}`)}" name="${xml(name)}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="meshsim" tests="${checks.length}" failures="${failures}">`,
    `  <testsuite name="${xml(suite)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
