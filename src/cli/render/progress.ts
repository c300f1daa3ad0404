/**
 * A progress bar on stderr for work that takes more than about a second: nothing is drawn
 * before then, and the line is cleared at the end.
 */
export function progressBar(
  write: (s: string) => void,
  label: string,
  now: () => number = () => performance.now(),
): { update: (fraction: number) => void; done: () => void } {
  const start = now();
  let drawn = false;
  let last = -1;
  return {
    update(fraction: number) {
      if (now() - start < 1000) return;
      const percent = Math.floor(fraction * 100);
      if (percent === last) return;
      last = percent;
      drawn = true;
      const width = 30;
      const full = Math.round(fraction * width);
      write(`\r${label} [${"#".repeat(full)}${"-".repeat(width - full)}] ${percent}%`);
    },
    done() {
      if (drawn) write("\r\u001b[2K");
    },
  };
}
