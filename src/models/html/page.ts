import { VERSION } from "../version.js";
import { esc, scriptJson } from "./format.js";
import { UPLOT_CSS, UPLOT_JS } from "./vendor.gen.js";

/**
 * The page shell: one self-contained HTML file (uPlot's script and styles, the charts' data
 * and the drawing code inlined; no network), sections in order, and a small script that draws
 * each chart from its spec. `window.meshsimCharts` lists what was drawn, for tests.
 */

/** One line of a chart. `values` line up with the chart's `x`; null leaves a gap. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color?: string;
  /** Dashed: a prediction or an objective rather than a measurement. */
  dash?: boolean;
  /** Draw the points (for sparse data such as a sweep). */
  points?: boolean;
}

/** A shaded stretch of the x axis: a fault in force. */
export interface ChartBand {
  from: number;
  /** null: to the end of the axis. */
  to: number | null;
  label: string;
  color?: string;
}

/** A vertical line (an autoscaling event, a percentile, the knee) or a horizontal one (an SLO). */
export interface ChartMark {
  axis: "x" | "y";
  at: number;
  label: string;
  color?: string;
}

/** What the page's script draws with uPlot. */
export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** How the x values read: seconds as durations, plain numbers, or the sweep's own labels. */
  xFormat: "duration" | "number" | "labels";
  /** With xFormat "labels": the label of each x (0, 1, 2, ...). */
  xLabels?: string[];
  /** The y axis from 0 (counts, rates, shares) or fitted to the data. */
  yFromZero?: boolean;
  /** A logarithmic y axis (latency across a sweep that passes saturation). */
  yLog?: boolean;
  x: number[];
  series: ChartSeries[];
  bands?: ChartBand[];
  marks?: ChartMark[];
  height?: number;
}

export interface PageSection {
  id: string;
  title: string;
  html: string;
}

export interface PageInput {
  title: string;
  /** One line under the title: what was run, when it stopped. */
  subtitle: string;
  sections: PageSection[];
  charts: ChartSpec[];
}

/** A chart's place in a section: the spec travels in the page's data. */
export function chartDiv(spec: ChartSpec): string {
  return `<div class="chart" id="${esc(spec.id)}" data-title="${esc(spec.title)}"></div>`;
}

export function page(input: PageInput): string {
  const nav = input.sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join("");
  const body = input.sections
    .map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.html}</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="meshsim ${esc(VERSION)}">
<title>${esc(input.title)}</title>
<style>${UPLOT_CSS}
${STYLE}</style>
</head>
<body>
<header><h1>${esc(input.title)}</h1><p class="subtitle">${esc(input.subtitle)}</p><nav>${nav}</nav></header>
<main>
${body}
</main>
<footer>Made by meshsim ${esc(VERSION)}. Charts drawn with uPlot (MIT).</footer>
<script type="application/json" id="meshsim-data">${scriptJson({ charts: input.charts })}</script>
<script>${UPLOT_JS}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0; background: #fff; }
header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: #fff; z-index: 2; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 4px; }
.subtitle { color: var(--muted); margin: 2px 0 6px; }
nav a { margin-right: 14px; color: #0969da; text-decoration: none; font-size: 13px; }
main { padding: 0 24px 24px; max-width: 1200px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 12px 20px; }
.chart { min-height: 260px; }
.topology { max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
.topology .sub, .topology .edge-label { fill: var(--muted); font-size: 11px; }
.legend-note { color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; opacity: 0.6; }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td:last-child { white-space: normal; text-align: left; }
th { font-weight: 600; background: #f6f8fa; }
td.ok { color: #1a7f37; } td.bad { color: #cf222e; font-weight: 600; }
.warnings li { color: #9a6700; }
details pre { background: #f6f8fa; padding: 12px; overflow: auto; max-height: 480px; font-size: 12px; }
footer { color: var(--muted); font-size: 12px; padding: 12px 24px; border-top: 1px solid var(--line); }
`;

/** The lines' colours, in order, where a series names none. */
export const PALETTE = [
  "#0969da",
  "#cf222e",
  "#1a7f37",
  "#8250df",
  "#bf8700",
  "#1b7c83",
  "#e16f24",
  "#6e7781",
  "#bf3989",
  "#116329",
  "#953800",
  "#0550ae",
];

// The drawing script, as the page runs it (plain ES2017, no imports).
const BOOT = `(function () {
  "use strict";
  var PALETTE = ${JSON.stringify(PALETTE)};
  var data = JSON.parse(document.getElementById("meshsim-data").textContent);
  // Durations on an axis: ticks on whole seconds, minutes and hours, read as 90s, 2m30s, 1h15m.
  var DURATION_INCRS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  function duration(s) {
    var a = Math.abs(s), sign = s < 0 ? "-" : "";
    if (a < 120) return +s.toFixed(3) + "s";
    if (a < 7200) {
      var m = Math.floor(a / 60), sec = +(a - 60 * m).toFixed(1);
      return sign + m + "m" + (sec > 0 ? sec + "s" : "");
    }
    var h = Math.floor(a / 3600), min = Math.round((a - 3600 * h) / 60);
    return sign + h + "h" + (min > 0 ? min + "m" : "");
  }
  function xText(c, v) {
    if (c.xFormat === "duration") return duration(v);
    if (c.xFormat === "labels") return c.xLabels && c.xLabels[Math.round(v)] !== undefined && Math.abs(v - Math.round(v)) < 1e-9 ? c.xLabels[Math.round(v)] : "";
    return String(+v.toPrecision(4));
  }
  function lineAt(u, ctx, mark) {
    var b = u.bbox, r = uPlot.pxRatio;
    ctx.save();
    ctx.strokeStyle = mark.color || "#6e7781";
    ctx.fillStyle = mark.color || "#6e7781";
    ctx.setLineDash([4 * r, 3 * r]);
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.lineWidth = 1.2 * r;
    ctx.font = (10 * r) + "px system-ui, sans-serif";
    ctx.beginPath();
    if (mark.axis === "x") {
      var x = u.valToPos(mark.at, "x", true);
      if (x < b.left || x > b.left + b.width) { ctx.restore(); return; }
      ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
      ctx.fillText(mark.label, x + 3 * r, b.top + 12 * r);
    } else {
      var y = u.valToPos(mark.at, "y", true);
      if (y < b.top || y > b.top + b.height) { ctx.restore(); return; }
      ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
      ctx.fillText(mark.label, b.left + 4 * r, y - 3 * r);
    }
    ctx.restore();
  }
  function bandAt(u, ctx, band) {
    var b = u.bbox, r = uPlot.pxRatio;
    var x0 = Math.max(b.left, u.valToPos(band.from, "x", true));
    var x1 = Math.min(b.left + b.width, band.to === null ? b.left + b.width : u.valToPos(band.to, "x", true));
    if (x1 <= x0) return;
    ctx.save();
    ctx.fillStyle = band.color || "rgba(207, 34, 46, 0.13)";
    ctx.fillRect(x0, b.top, x1 - x0, b.height);
    // The label inside its band (cut at the band's edge; the caption gives it whole).
    ctx.beginPath();
    ctx.rect(x0, b.top, x1 - x0, b.height);
    ctx.clip();
    ctx.fillStyle = "#a40e26";
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.font = (10 * r) + "px system-ui, sans-serif";
    ctx.fillText(band.label, x0 + 3 * r, b.top + 11 * r);
    ctx.restore();
  }
  var drawn = [];
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    var series = [{ label: c.xLabel, value: function (u, v) { return v === null ? "–" : xText(c, v); } }];
    c.series.forEach(function (s, i) {
      series.push({
        label: s.label,
        stroke: s.color || PALETTE[i % PALETTE.length],
        width: 1.6,
        dash: s.dash ? [6, 4] : undefined,
        points: { show: !!s.points, size: 6 },
        spanGaps: false,
        value: function (u, v) { return v === null ? "–" : String(+v.toPrecision(4)); },
      });
    });
    var opts = {
      title: c.title,
      width: Math.max(360, el.clientWidth || 560),
      height: c.height || 240,
      series: series,
      scales: { x: { time: false }, y: c.yLog ? { distr: 3 } : c.yFromZero ? { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } } : {} },
      axes: [
        {
          label: c.xLabel,
          incrs: c.xFormat === "duration" ? DURATION_INCRS : c.xFormat === "labels" ? [1, 2, 5, 10, 20, 50, 100] : undefined,
          values: function (u, vals) { return vals.map(function (v) { return xText(c, v); }); },
        },
        { label: c.yLabel, size: 64 },
      ],
      hooks: {
        drawAxes: [function (u) { (c.bands || []).forEach(function (b) { bandAt(u, u.ctx, b); }); }],
        draw: [function (u) { (c.marks || []).forEach(function (m) { lineAt(u, u.ctx, m); }); }],
      },
    };
    var u = new uPlot(opts, [c.x].concat(c.series.map(function (s) { return s.values; })), el);
    var points = 0;
    c.series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null) points++; }); });
    drawn.push({
      id: c.id,
      title: c.title,
      series: c.series.length,
      colors: series.slice(1).map(function (s) { return s.stroke; }),
      points: points,
      plot: u,
    });
  });
  window.meshsimCharts = drawn;
})();`;
