/**
 * The initial value of a numeric field that will hold fractions (times, sums, rates).
 *
 * V8 picks a field's storage from the first value written to it: a small integer such as `0`
 * makes it an integer field, and the first fraction stored later changes the object's hidden
 * class. Every piece of optimised code built for the old class is then thrown away, in the
 * middle of the run's warm-up, and compiled again. `-0` is a double, so the field is a double
 * field from the first write. It equals `0` in every comparison and sum, and `JSON.stringify`
 * and `toFixed` print it as `0`; only `Object.is`, `1 / x` and `toLocaleString` tell it apart,
 * and fields initialised with it are never reported untouched.
 */
export const DOUBLE_ZERO = -0;
