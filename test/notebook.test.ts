import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ROOT, scratchFiles } from "./support/cli.js";

/**
 * examples/notebook.ipynb as an analyst runs it: executed cell by cell by Jupyter's own client
 * (nbclient, Debian's python3-nbclient, which .ci/run installs) against Deno's Jupyter kernel
 * (the `deno` devDependency), importing the built one-file bundle. Then its outputs are put on
 * one page, as a notebook front end shows them, and headless Chromium checks that every
 * displayed page drew its charts inside its frame.
 */
const PYTHON = process.env.MESHSIM_PYTHON ?? "/usr/bin/python3";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DENO = join(ROOT, "node_modules/deno/deno");
const { dir } = scratchFiles("notebook");

interface Output {
  output_type: string;
  data?: Record<string, string>;
  ename?: string;
  evalue?: string;
  text?: string;
}

/** Execute the notebook with nbclient; each code cell's outputs, in order. */
function execute(): Output[][] {
  const kernels = join(dir, "kernels/deno");
  mkdirSync(kernels, { recursive: true });
  writeFileSync(
    join(kernels, "kernel.json"),
    JSON.stringify({
      argv: [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  const script = `
import json, sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, timeout=300, kernel_name="deno", resources={"metadata": {"path": sys.argv[2]}}).execute()
json.dump([c.outputs for c in nb.cells if c.cell_type == "code"], sys.stdout)
`;
  const r = spawnSync(
    PYTHON,
    ["-c", script, join(ROOT, "examples/notebook.ipynb"), join(ROOT, "examples")],
    {
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: dir, NO_COLOR: "1" },
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(`the notebook did not run:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe("examples/notebook.ipynb in Jupyter's Deno kernel", () => {
  it("runs every cell without an error, and its results display as pages", async () => {
    const cells = execute();
    const outputs = cells.flat();
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    // What the cells print (stdout may reach the front end a moment late, so taken together).
    const printed = outputs.map((o) => (o.output_type === "stream" ? (o.text ?? "") : "")).join("");
    expect(printed).toMatch(/6 services at 200\/s/);
    expect(printed).toMatch(/seriesOf999s: 0\.997002999/);
    expect(printed).toMatch(/checkoutInFlight: \d/);
    expect(printed).not.toMatch(/error/i);
    // Each result cell shows one display: the 5x table as Markdown, the rest as framed pages.
    const shown = cells.map((c) => c.filter((o) => o.output_type === "display_data"));
    expect(shown.map((c) => c.length)).toEqual([0, 1, 1, 1, 1, 1, 0]);
    expect(shown[2]![0]!.data!["text/markdown"]).toMatch(/\| payment \| \d+% \| unstable \|/);
    const frames = [1, 3, 4, 5].map((k) => shown[k]![0]!.data!["text/html"] ?? "");
    for (const frame of frames) expect(frame).toMatch(/^<iframe srcdoc="&lt;!doctype html&gt;/);

    // The outputs as a front end shows them: one page, each result in its frame.
    const page = join(dir, "outputs.html");
    writeFileSync(page, `<!doctype html><meta charset="utf-8"><body>${frames.join("\n")}</body>`);
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const tab = await browser.newPage();
      const problems: string[] = [];
      tab.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
      });
      tab.on("pageerror", (e) => problems.push(e.message));
      await tab.goto(`file://${page}`);
      await tab.waitForLoadState("load");
      const inner = tab.frames().filter((f) => f !== tab.mainFrame());
      expect(inner).toHaveLength(4);
      for (const frame of inner) {
        const drawn = await frame.evaluate(
          "window.meshsimCharts.map((c) => c.plot.data.slice(1).flat().filter((v) => v != null).length)",
        );
        expect((drawn as number[]).length).toBeGreaterThan(0);
        expect((drawn as number[]).every((n) => n > 0)).toBe(true);
      }
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 600_000);
});
