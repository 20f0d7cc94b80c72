/** Moved to src/codec/json.ts (the one JSON/wire module); kept so older imports still resolve. */
export * from '../codec/json.js';
