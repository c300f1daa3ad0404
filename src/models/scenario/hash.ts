import type { Scenario } from "./types.js";

/**
 * A fingerprint of a normalised scenario: 16 hex digits, two 32-bit FNV-1a hashes (of two
 * offset bases) of its JSON, keys in the order the normaliser writes them. Two files that say
 * the same thing (comments, key order, `200/s` or `200`) share it; any change to what is
 * simulated changes it. Not a cryptographic hash.
 * @example scenarioHash(parseScenario(text)) // => 16 hex digits, e.g. "9c1f…"
 */
export function scenarioHash(scenario: Scenario): string {
  const text = JSON.stringify(scenario);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, "0");
  return hex(a) + hex(b);
}
