/**
 * `npm run bench`: prints meshsim's performance figures. `npm run bench -- --json` prints them
 * as JSON for machines. Timing lives here, never in tests.
 */
import { benchCalendar } from "./calendar.js";

const json = process.argv.includes("--json");

const calendar = [
  // Warm the JIT first so the first row is not penalised.
  (() => {
    benchCalendar(1000, 200_000);
    return benchCalendar(1_000, 5_000_000);
  })(),
  benchCalendar(1_000_000, 3_000_000),
];

if (json) {
  console.log(JSON.stringify({ node: process.version, calendar }, null, 2));
} else {
  console.log(`meshsim bench (node ${process.version})\n`);
  console.log("Calendar: schedule + pop (hold model)");
  console.log("  pending events   holds        seconds   events/s");
  for (const r of calendar) {
    console.log(
      `  ${r.pending.toLocaleString("en").padStart(14)}   ${r.holds.toLocaleString("en").padEnd(11)}  ${r.seconds.toFixed(3).padStart(7)}   ${(r.eventsPerSecond / 1e6).toFixed(2)} M`,
    );
  }
}
