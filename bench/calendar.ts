/**
 * The calendar's schedule+pop throughput by the classic "hold" model: keep N events pending,
 * then repeatedly pop the earliest and schedule a replacement at an exponential delay, so the
 * heap stays at N while every operation pays one sift-up and one sift-down.
 */
import { Calendar, createStream } from "../src/index.js";

export interface CalendarBench {
  pending: number;
  holds: number;
  seconds: number;
  eventsPerSecond: number;
}

export function benchCalendar(pending: number, holds: number): CalendarBench {
  const cal = new Calendar(pending + 1);
  const rng = createStream(1, "bench/calendar");
  const delay = () => -Math.log(1 - rng.next());
  let remaining = holds;
  const hold = () => {
    if (--remaining > 0) cal.schedule(delay(), hold);
  };
  for (let i = 0; i < pending; i++) cal.schedule(delay(), hold);
  const start = performance.now();
  const result = cal.run({ maxEvents: holds });
  const seconds = (performance.now() - start) / 1000;
  return { pending, holds: result.events, seconds, eventsPerSecond: result.events / seconds };
}
