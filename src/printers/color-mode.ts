/**
 * --color (ktl's own; kubectl has none): the mode and whether it colours this
 * output. Chalk and the colouring itself (printers/color.ts) load only when it does.
 */
import { KtlError } from '../errors.js';

export type ColorMode = 'auto' | 'always' | 'never';
export function parseColorMode(v: string | undefined): ColorMode {
  const mode = v ?? 'auto';
  if (mode !== 'auto' && mode !== 'always' && mode !== 'never') {
    throw new KtlError(`invalid argument "${mode}" for "--color" flag: must be one of auto, always, never`);
  }
  return mode;
}

export function colorEnabled(mode: ColorMode, isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return isTTY && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

