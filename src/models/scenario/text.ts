import { isScalar, LineCounter, parseDocument, visit } from "yaml";
import { LIMITS } from "./normalise.js";
import { formatPath, ScenarioError, type ScenarioIssue } from "./scenarioError.js";

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
 */
export function readScenarioText(text: string): unknown {
  return parseText(text);
}

export function parseText(text: string): unknown {
  if (text.length > MAX_TEXT) {
    throw new ScenarioError([
      {
        path: "",
        message: `the scenario is ${text.length.toLocaleString("en")} characters; meshsim reads at most ${MAX_TEXT.toLocaleString("en")}`,
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
 * Refuse a value nested deeper than LIMITS.depth (objects and lists), before anything walks
 * it recursively: the check itself keeps its own stack.
 * @throws {ScenarioError} naming the path where the limit is passed
 */
export function checkDepth(value: unknown): void {
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (path.length >= LIMITS.depth) {
      throw new ScenarioError([
        {
          path: formatPath(path),
          message: `nested deeper than ${LIMITS.depth} levels (meshsim's limit)`,
        },
      ]);
    }
    if (Array.isArray(v)) for (const [i, item] of v.entries()) stack.push([item, [...path, i]]);
    else for (const [k, item] of Object.entries(v)) stack.push([item, [...path, k]]);
  }
}
