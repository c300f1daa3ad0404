import { isScalar, LineCounter, parseDocument, visit } from "yaml";
import { LIMITS } from "./normalise.js";
import { formatPath, ScenarioError, type ScenarioIssue } from "./scenarioError.js";
import { formatCount } from "./units.js";

/** The longest scenario text meshsim reads, in characters (16 Mi). */
export const MAX_TEXT = 16 * 1024 * 1024;
const TOO_DEEP = `the scenario nests deeper than meshsim reads (at most ${LIMITS.depth} levels)`;
/** Aliases a document may expand (a YAML "billion laughs" expands far more). */
const MAX_ALIASES = 100;

/**
 * YAML or JSON text to plain data, before any checking: for tools that edit a scenario (the
 * CLI's `--set`) before `parseScenario` checks it.
 * @throws {ScenarioError} with the line and column of a syntax error, an unresolved alias, a
 *   duplicate key, or a text too large or too deep
 *
 * @example
 * const data = readScenarioText("duration: 2m\n..."); // plain data, for withValues or sweep
 */
export function readScenarioText(text: string): unknown {
  return parseText(text);
}

export function parseText(text: string): unknown {
  if (text.length > MAX_TEXT) {
    throw new ScenarioError([
      {
        path: "",
        message: `the scenario is ${formatCount(text.length)} characters; meshsim reads at most ${formatCount(MAX_TEXT)}`,
      },
    ]);
  }
  const lines = new LineCounter();
  // Duplicate keys are found below in one pass: the library's own check compares every key of
  // a map with every other, quadratic in the size of the map.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: lines });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return "";
    const p = lines.linePos(offset);
    return `line ${p.line}, column ${p.col}`;
  };
  const issues: ScenarioIssue[] = doc.errors.map((e) => ({
    path: at(e.pos[0]),
    message: /call stack/.test(e.message)
      ? TOO_DEEP
      : e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
  }));
  if (issues.length === 0) {
    visit(doc, {
      Map(_, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const key = pair.key.value;
          if (seen.has(key))
            issues.push({
              path: at(pair.key.range?.[0]),
              message: `duplicate key ${JSON.stringify(key)}: map keys must be unique`,
            });
          seen.add(key);
        }
      },
      Alias(_, alias) {
        if (alias.resolve(doc) === undefined)
          issues.push({
            path: at(alias.range?.[0]),
            message: `the alias *${alias.source} names no anchor (&${alias.source}) before it`,
          });
      },
    });
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Aliases that expand without bound, or nesting too deep for the stack.
    throw new ScenarioError([{ path: "", message: refusal(error, doc) }]);
  }
}

function refusal(error: unknown, doc: ReturnType<typeof parseDocument>): string {
  if (error instanceof RangeError && /call stack/.test(error.message)) return TOO_DEEP;
  let aliases = 0;
  visit(doc, {
    Alias() {
      aliases++;
    },
  });
  return aliases > 0
    ? `its ${aliases} aliases expand to more than ${MAX_ALIASES} copies (${(error as Error).message})`
    : (error as Error).message;
}

/**
 * Refuse a value nested deeper than LIMITS.depth (objects and lists), larger than
 * LIMITS.values once unfolded, or holding itself, before anything walks it recursively. A
 * value built in code can share parts (each is walked wherever it appears, so a chain of
 * shared pairs doubles at every level) or refer back to itself; text cannot, but aliases
 * can. The check keeps its own stack and visits each distinct part once.
 * @throws {ScenarioError} naming the path where a limit is passed
 */
export function checkDepth(value: unknown): void {
  // Post-order over distinct objects: each one's height and unfolded size, from its children's.
  // A frame keeps its node's keys (read once) and its parent, so the path of a node is made
  // only when a limit is passed; a scenario of 5,000 services has some 30,000 nodes.
  const height = new Map<object, number>();
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  interface Frame {
    node: object;
    key: string | number;
    parent: Frame | null;
    depth: number;
    /** The node's own keys (an array's: null, its indices being 0..length-1); undefined: not expanded. */
    keys: string[] | null | undefined;
  }
  const pathOf = (frame: Frame, last?: string | number): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent)
      path.push(f.key);
    return path.reverse();
  };
  const refuse = (path: (string | number)[], message: string): never => {
    throw new ScenarioError([{ path: formatPath(path), message }]);
  };
  if (value === null || typeof value !== "object") return;
  const stack: Frame[] = [{ node: value, key: "", parent: null, depth: 0, keys: undefined }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.node as Record<string, unknown> & unknown[];
    const list = Array.isArray(node);
    if (top.keys === undefined) {
      const keys = list ? null : Object.keys(node);
      top.keys = keys;
      onPath.add(node);
      if (top.depth >= LIMITS.depth)
        refuse(pathOf(top), `nested deeper than ${LIMITS.depth} levels (meshsim's limit)`);
      const count = keys === null ? node.length : keys.length;
      for (let i = 0; i < count; i++) {
        const key = keys === null ? i : keys[i]!;
        const child = node[key as never] as unknown;
        if (child === null || typeof child !== "object" || height.has(child)) continue;
        if (onPath.has(child)) refuse(pathOf(top, key), "refers to itself (a cycle)");
        stack.push({ node: child, key, parent: top, depth: top.depth + 1, keys: undefined });
      }
      continue;
    }
    stack.pop();
    onPath.delete(node);
    let h = 0;
    let n = 1;
    const keys = top.keys;
    const count = keys === null ? node.length : keys.length;
    for (let i = 0; i < count; i++) {
      const child = node[(keys === null ? i : keys[i]!) as never] as unknown;
      if (child === null || typeof child !== "object") {
        n++;
        continue;
      }
      h = Math.max(h, height.get(child)! + 1);
      n += size.get(child)!;
    }
    if (top.depth + h > LIMITS.depth)
      refuse(pathOf(top), `nested deeper than ${LIMITS.depth} levels (meshsim's limit)`);
    if (n > LIMITS.values)
      refuse(
        pathOf(top),
        `holds more than ${formatCount(LIMITS.values)} values once its shared parts are counted wherever they appear (meshsim's limit)`,
      );
    height.set(node, h);
    size.set(node, n);
  }
}
