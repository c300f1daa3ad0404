/**
 * Argument checks shared by the formulas. Each throws a RangeError whose message names the
 * function and the argument, as the public API promises: `mm1: lambda must be > 0, got -1`.
 */

export function checkFinite(fn: string, name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

export function checkPositive(fn: string, name: string, value: number): number {
  if (!(checkFinite(fn, name, value) > 0)) {
    throw new RangeError(`${fn}: ${name} must be > 0, got ${value}`);
  }
  return value;
}

export function checkNonNegative(fn: string, name: string, value: number): number {
  if (checkFinite(fn, name, value) < 0) {
    throw new RangeError(`${fn}: ${name} must be >= 0, got ${value}`);
  }
  return value;
}

export function checkProbability(fn: string, name: string, value: number): number {
  checkFinite(fn, name, value);
  if (value < 0 || value > 1)
    throw new RangeError(`${fn}: ${name} must be in [0, 1], got ${value}`);
  return value;
}

export function checkPositiveInteger(fn: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function checkNonEmpty(fn: string, name: string, values: readonly number[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`${fn}: ${name} must be a non-empty list`);
  }
}

/** Steady state exists only below full utilization; asking for one above it is invalid input. */
export function checkStable(fn: string, utilization: number): void {
  if (!(utilization < 1)) {
    throw new RangeError(
      `${fn}: unstable queue, utilization ${utilization.toPrecision(4)} >= 1 has no steady state`,
    );
  }
}
