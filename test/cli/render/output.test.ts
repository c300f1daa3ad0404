import { describe, expect, it } from "vitest";
import { toCsv } from "../../../src/cli/render/csv.js";
import { progressBar } from "../../../src/cli/render/progress.js";

describe("CSV", () => {
  it("quotes fields with commas, quotes and newlines, and leaves the rest bare", () => {
    expect(toCsv([["a", 1, null, 'say "hi"', "x,y", "l1\nl2", Number.NaN, true]])).toBe(
      'a,1,,"say ""hi""","x,y","l1\nl2",,true\n',
    );
  });
});

describe("the progress bar", () => {
  it("draws nothing in the first second, then a bar, and clears its line at the end", () => {
    let t = 0;
    const out: string[] = [];
    const bar = progressBar(
      (s) => out.push(s),
      "simulating",
      () => t,
    );
    bar.update(0.1);
    expect(out).toEqual([]);
    t = 1500;
    bar.update(0.5);
    bar.update(0.5); // the same percentage is not drawn twice
    expect(out).toEqual([`\rsimulating [${"#".repeat(15)}${"-".repeat(15)}] 50%`]);
    bar.done();
    expect(out.at(-1)).toBe("\r\u001b[2K");
  });
  it("leaves no trace when the work took under a second", () => {
    const out: string[] = [];
    const bar = progressBar(
      (s) => out.push(s),
      "x",
      () => 0,
    );
    bar.update(1);
    bar.done();
    expect(out).toEqual([]);
  });
});
