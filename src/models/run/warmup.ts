import { integratedAutocorrelationTime } from "../../metrics/index.js";
import type { AnalyticReport, TimelineWindow } from "../report.js";
import type { Scenario } from "../scenario/types.js";
import { formatDuration } from "../scenario/units.js";

/** Windows a timeline needs before its memory can be estimated. */
const MIN_WINDOWS = 20;
/** The warm-up suggested, in memories: what is left of the start is about e^-3 of it. */
const SUGGESTED = 3;

/**
 * Whether the warm-up was long enough, judged by the run's own timeline. A queue forgets its
 * start (empty) over its memory: the integrated autocorrelation time of its per-window mean
 * calls in system (L, the figure that settles last: utilization is at its level at once, the
 * queue is not). A warm-up shorter than that memory leaves the start's imprint in the
 * figures; the warning suggests SUGGESTED memories. Only memories longer than one window are
 * resolved, so short-memory stations are never flagged. A workload that changes by design (a
 * profile, faults) and a station that is unstable (its queue never settles; warned apart)
 * are not judged. Returns the warning, or null.
 */
export function warmupWarning(
  scenario: Scenario,
  analytic: AnalyticReport,
  windows: readonly TimelineWindow[],
  window: number,
): string | null {
  if (scenario.workload.kind === "profile" || scenario.faults.length > 0) return null;
  if (windows.length < MIN_WINDOWS) return null;
  let worst: { name: string; memory: number } | null = null;
  // Only the services the timeline holds have a series (past timeline.services, the busiest):
  // any other would be a constant 0, of memory 1, which is never flagged.
  const held = windows[0]!.services;
  for (const name of Object.keys(scenario.services)) {
    if (!(name in held) || analytic.services[name]?.unstable) continue;
    const tau = integratedAutocorrelationTime(windows.map((w) => w.services[name]?.inSystem ?? 0));
    const memory = tau * window;
    if (tau <= 1 || memory <= scenario.warmup) continue;
    if (worst === null || memory > worst.memory) worst = { name, memory };
  }
  if (worst === null) return null;
  return `warm-up too short: ${formatDuration(scenario.warmup)} is less than the ${formatDuration(worst.memory)} ${worst.name}'s calls in system take to forget the empty start (the integrated autocorrelation time of its timeline), so the figures still carry it; try a warm-up of at least ${formatDuration(SUGGESTED * worst.memory)}`;
}
