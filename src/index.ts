/**
 * meshsim: a discrete-event simulator and capacity-planning library for microservice
 * architectures. This file is the whole public surface; everything a notebook needs is here.
 * Nothing exported depends on Node built-ins.
 */
export * from "./metrics/index.js";
export * from "./models/index.js";
export * from "./sim/index.js";
export { VERSION } from "./version.js";
