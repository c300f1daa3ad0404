import type { Fault } from "./types.js";
import { formatDuration } from "./units.js";

/**
 * A fault in words: `crash 1 of payment at 3m for 2m`.
 *
 * @example
 * describeFault(scenario.faults[0]); // "crash 1 instance of payment at 4 min for 2 min"
 */
export function describeFault(fault: Fault): string {
  if (fault.kind === "random-crash") {
    return `random crashes of ${fault.service} instances (mtbf ${formatDuration(fault.mtbf)}, mttr ${formatDuration(fault.mttr)})`;
  }
  const when = `at ${formatDuration(fault.at)}${fault.for === null ? "" : ` for ${formatDuration(fault.for)}`}`;
  if (fault.kind === "crash")
    return `crash ${fault.instances} instance${fault.instances === 1 ? "" : "s"} of ${fault.service} ${when}`;
  if (fault.kind === "latency") return `slow ${fault.service} ${when}`;
  return `failure ${fault.failure} at ${fault.service} ${when}`;
}
