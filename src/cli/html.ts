import { readText, writeOptionFile } from "./io.js";
import type { Context } from "./output.js";

/**
 * The scenario as the page shows it: the file's text, and the --set overrides applied to it
 * (as a comment, since the text is shown as written).
 */
export function pageSource(file: string, overrides: readonly string[]): string {
  const text = readText(file);
  return overrides.length === 0
    ? text
    : `${text.replace(/\n?$/, "\n")}# with --set ${overrides.map((o) => `'${o}'`).join(" --set ")}\n`;
}

/** With `--html FILE`: render the page and write it; say where (and how big), unless quiet. */
export function writeHtml(
  ctx: Context,
  opts: { html?: string; quiet?: boolean },
  render: () => string,
): void {
  const file = opts.html;
  if (file === undefined) return;
  const html = render();
  writeOptionFile("--html", file, html);
  if (!opts.quiet)
    ctx.io.stderr(`wrote ${file} (${Math.round(Buffer.byteLength(html) / 1024)} KiB)\n`);
}
