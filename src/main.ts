/** Entry point of the bundle. bin/ktl.js builds the real Context from the process and calls run. */
export { run } from './cli.js';
export type { Context } from './context.js';
