import { Graph, layout } from "@dagrejs/dagre";
import type { Report } from "../report.js";
import { CLIENT, GATEWAY } from "../scenario/callTree.js";
import { esc, num, pct, utilizationColor } from "./format.js";

/**
 * The topology as an SVG drawing, laid out by dagre (layered, left to right): the client, the
 * gateway, every service and topic; arrows for the calls with their rate (the analytic
 * offered load, `analytic.edges`); services filled by measured utilization, unstable ones
 * outlined in red and marked. Drawn at render time, so the page shows it without scripts.
 */

/** A node of the topology: the client, the gateway, a service or a topic, with its labels. */
export interface TopologyNode {
  id: string;
  kind: "client" | "gateway" | "service" | "topic";
  lines: string[];
  utilization: number | null;
  unstable: boolean;
}

/** An arrow of the topology: offered calls per second from one node to another. */
export interface TopologyEdge {
  from: string;
  to: string;
  rate: number;
}

/**
 * The nodes and edges of a report's system, before layout (what the drawing shows).
 *
 * @example
 * const { nodes, edges } = topologyOf(simulate(scenario));
 * nodes.map((n) => n.id); // ["client", "gateway", "user", ...]
 * edges[0]; // the busiest call edge, { from, to, rate, ... }
 */
export function topologyOf(report: Report): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const unstable = new Set(report.analytic.unstable);
  const nodes = new Map<string, TopologyNode>();
  nodes.set(CLIENT, {
    id: CLIENT,
    kind: "client",
    lines: ["client"],
    utilization: null,
    unstable: false,
  });
  const station = (name: string, kind: "gateway" | "service", util: number, count: string) =>
    nodes.set(name, {
      id: name,
      kind,
      lines: [name, `${count} · ${pct(util, 0)} busy`],
      utilization: util,
      unstable: unstable.has(name),
    });
  if (report.gateway)
    station(GATEWAY, "gateway", report.gateway.utilization, `×${report.gateway.instances.length}`);
  for (const [name, s] of Object.entries(report.services)) {
    const scaled = report.autoscale?.[name];
    const count = scaled
      ? `×${scaled.instances.min}–${scaled.instances.max} (mean ${num(scaled.instances.mean)})`
      : `×${s.instances.length}`;
    station(name, "service", s.utilization, count);
  }
  const edges: TopologyEdge[] = [];
  for (const [key, rate] of Object.entries(report.analytic.edges ?? {})) {
    const [from, to] = key.split("->") as [string, string];
    for (const end of [from, to]) {
      if (!nodes.has(end))
        nodes.set(end, {
          id: end,
          kind: "topic",
          lines: [end, "topic"],
          utilization: null,
          unstable: false,
        });
    }
    edges.push({ from, to, rate });
  }
  return { nodes: [...nodes.values()], edges };
}

const FONT = 12;
const CHAR = 7;
const PAD = 10;

/** The SVG of a report's topology. */
export function topologySvg(report: Report): string {
  const { nodes, edges } = topologyOf(report);
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 70, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const width = Math.max(...n.lines.map((l) => l.length)) * CHAR + 2 * PAD;
    g.setNode(n.id, { width, height: n.lines.length * (FONT + 4) + PAD });
  }
  for (const e of edges) {
    const label = `${num(e.rate)}/s`;
    g.setEdge(e.from, e.to, { width: label.length * 6.2, height: FONT, labelpos: "c", label });
  }
  layout(g);
  const { width = 0, height = 0 } = g.graph();
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" role="img" aria-label="topology: ${nodes.length} nodes, ${edges.length} calls">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#57606a"/></marker></defs>`,
  ];
  for (const e of edges) {
    const laid = g.edge(e.from, e.to) as {
      points: { x: number; y: number }[];
      x: number;
      y: number;
    };
    const d = laid.points.map(
      (p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`,
    );
    const dashed =
      nodes.find((n) => n.id === e.to)?.kind === "topic" ||
      nodes.find((n) => n.id === e.from)?.kind === "topic";
    out.push(
      `<g class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><path d="${d.join("")}" fill="none" stroke="#57606a" stroke-width="${strokeWidth(e.rate, edges)}"${dashed ? ' stroke-dasharray="5 3"' : ""} marker-end="url(#arrow)"/>`,
      `<text x="${laid.x.toFixed(1)}" y="${(laid.y + 4).toFixed(1)}" text-anchor="middle" class="edge-label">${esc(`${num(e.rate)}/s`)}</text></g>`,
    );
  }
  for (const n of nodes) {
    const laid = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const x = laid.x - laid.width / 2;
    const y = laid.y - laid.height / 2;
    const fill = n.utilization === null ? "#f6f8fa" : utilizationColor(n.utilization);
    const stroke = n.unstable ? "#a40e26" : "#57606a";
    const rx = n.kind === "service" ? 6 : n.kind === "topic" ? 0 : laid.height / 2;
    const title = n.unstable ? `${n.id}: unstable (offered utilization ≥ 1)` : n.lines.join(", ");
    out.push(
      `<g class="node ${n.kind}${n.unstable ? " unstable" : ""}" data-id="${esc(n.id)}"><title>${esc(title)}</title>`,
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${laid.width.toFixed(1)}" height="${laid.height.toFixed(1)}" rx="${rx.toFixed(1)}" fill="${fill}" fill-opacity="${n.utilization === null ? 1 : 0.35}" stroke="${stroke}" stroke-width="${n.unstable ? 3 : 1.2}"/>`,
    );
    n.lines.forEach((line, i) => {
      const ty = y + PAD / 2 + (i + 1) * (FONT + 4) - 3;
      out.push(
        `<text x="${laid.x.toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="middle"${i === 0 ? ' font-weight="600"' : ' class="sub"'}>${esc(i === 0 && n.unstable ? `${line} ⚠` : line)}</text>`,
      );
    });
    out.push("</g>");
  }
  out.push("</svg>");
  return out.join("");
}

/** Arrow width by the edge's share of the busiest edge's rate: 1 to 4 px. */
function strokeWidth(rate: number, edges: readonly TopologyEdge[]): string {
  const max = Math.max(...edges.map((e) => e.rate));
  return (1 + (max > 0 ? 3 * Math.sqrt(rate / max) : 0)).toFixed(2);
}
