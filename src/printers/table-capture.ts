/**
 * Table capture for many contexts at once (a ktl extension, src/multi/): while
 * a command runs inside captureTables(), every kubectl-style table writer
 * (TabWriter with kubectl's table settings, formatTabbed, formatRows) hands
 * its lines over unpadded, each marked with TABLE_LINE_MARK, so the rows of
 * several contexts can be laid out again as one table with a CONTEXT column.
 * Outside captureTables() nothing changes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Starts each captured table line (ASCII unit separator; kubectl never prints it). */
export const TABLE_LINE_MARK = '\u001f';

const store = new AsyncLocalStorage<true>();

/** Runs fn with table capture on for everything it starts (async work included). */
export function captureTables<T>(fn: () => T): T {
  return store.run(true, fn);
}

/** Whether the current call runs inside captureTables(). */
export function capturingTables(): boolean {
  return store.getStore() === true;
}
