import type { FaultStats } from "./stats.js";

/**
 * Why a call failed: the station it failed at, in words, and the fault behind it if any.
 * Causes are made once per station and fault, never per call.
 */
export interface Cause {
  /** The name of the station (service or gateway) where the call failed. */
  readonly where: string;
  readonly reason: string;
  /** The fault behind the failure, whose cost it is counted in; null for none. */
  readonly fault: FaultStats | null;
}

/** A station's causes of failure, by reason: one Cause each, compared by identity. */
export type StationCauses = Record<
  "failure" | "queueFull" | "timeout" | "circuitOpen" | "noInstance" | "rateLimited" | "auth",
  Cause
>;

/** The causes of failure at the station named `where`. */
export function stationCauses(where: string): StationCauses {
  const cause = (reason: string): Cause => ({ where, reason, fault: null });
  return {
    failure: cause("failure"),
    queueFull: cause("queue full"),
    timeout: cause("timeout"),
    circuitOpen: cause("circuit open"),
    noInstance: cause("no instance"),
    rateLimited: cause("rate limited"),
    auth: cause("unauthenticated"),
  };
}

/**
 * Something waiting for a call, a sequence or a parallel group to finish (null: success).
 * Every part of the walk answers through this one method, so the engine's hot path has a
 * single polymorphic call site per kind of wait.
 */
export interface Continuation {
  resume(cause: Cause | null): void;
}
