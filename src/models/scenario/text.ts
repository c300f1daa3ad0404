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
  const height = new Map<object, number>();
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  const stack: { node: object; path: (string | number)[]; expanded: boolean }[] = [];
  const children = (node: object): [string | number, unknown][] =>
    Array.isArray(node) ? [...node.entries()] : Object.entries(node);
  const refuse = (path: (string | number)[], message: string): never => {
    throw new ScenarioError([{ path: formatPath(path), message }]);
  };
  if (value === null || typeof value !== "object") return;
  stack.push({ node: value, path: [], expanded: false });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (!top.expanded) {
      top.expanded = true;
      onPath.add(top.node);
      if (top.path.length >= LIMITS.depth)
        refuse(top.path, `nested deeper than ${LIMITS.depth} levels (meshsim's limit)`);
      for (const [key, child] of children(top.node)) {
        if (child === null || typeof child !== "object" || height.has(child)) continue;
        if (onPath.has(child)) refuse([...top.path, key], "refers to itself (a cycle)");
        stack.push({ node: child, path: [...top.path, key], expanded: false });
      }
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    let h = 0;
    let n = 1;
    for (const [, child] of children(top.node)) {
      if (child === null || typeof child !== "object") {
        n++;
        continue;
      }
      h = Math.max(h, height.get(child)! + 1);
      n += size.get(child)!;
    }
    if (top.path.length + h > LIMITS.depth)
      refuse(top.path, `nested deeper than ${LIMITS.depth} levels (meshsim's limit)`);
    if (n > LIMITS.values)
      refuse(
        top.path,
        `holds more than ${formatCount(LIMITS.values)} values once its shared parts are counted wherever they appear (meshsim's limit)`,
      );
    height.set(top.node, h);
    size.set(top.node, n);
  }
}
