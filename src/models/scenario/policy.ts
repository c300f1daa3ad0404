import type { CallPolicy } from "./types.js";

/**
 * The policy (or link: network, pool) on one edge: the most specific key wins, `a->b` before `*->b` before `a->*`
 * before `*->*`; null when no key matches.
 */
export function policyFor<T>(
  calls: Readonly<Record<string, T>>,
  caller: string,
  callee: string,
): T | null {
  // Most scenarios set no policies and no links: then there is no key to build (four strings
  // for every call of every flow, each time a flow is compiled).
  if (isEmpty(calls)) return null;
  for (const key of [`${caller}->${callee}`, `*->${callee}`, `${caller}->*`, "*->*"]) {
    const policy = Object.hasOwn(calls, key) ? calls[key] : undefined;
    if (policy) return policy;
  }
  return null;
}

/** Whether a record has no keys of its own. */
function isEmpty(record: object): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

/** The wait before retry `n` (1-based), before jitter: backoff · multiplier^(n-1), capped. */
export function retryWait(policy: CallPolicy, n: number): number {
  const wait = policy.backoff * policy.backoffMultiplier ** (n - 1);
  return policy.maxBackoff === null ? wait : Math.min(wait, policy.maxBackoff);
}
