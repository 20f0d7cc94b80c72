/**
 * Finding kubectl-style plugins on PATH. ktl looks for `ktl-NAME` before
 * `kubectl-NAME`, so plugins written for ktl can exist beside krew's.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';

/** File name prefixes of plugins, in lookup order. */
export function pluginPrefixes(ctx: Context): string[] {
  return ctx.binName === 'kubectl' ? ['kubectl'] : [ctx.binName, 'kubectl'];
}

/** PATH entries as Go's filepath.SplitList gives them. */
export function pathDirs(ctx: Context): string[] {
  const p = ctx.env['PATH'] ?? '';
  return p === '' ? [] : p.split(path.delimiter);
}

/** An executable regular file (what Go's exec.LookPath accepts). */
export function isExecutableFile(file: string): boolean {
  try {
    if (statSync(file).isDirectory()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first PATH entry holding an executable `name`, as exec.LookPath resolves it. */
export function lookPath(name: string, ctx: Context): string | undefined {
  // a name with a slash would be taken as a path; plugin names never are
  if (name.includes('/') || name === '') return undefined;
  for (const raw of pathDirs(ctx)) {
    const dir = raw === '' ? '.' : raw;
    const file = path.join(dir, name);
    if (isExecutableFile(path.resolve(ctx.cwd, file))) return dir === '.' ? `./${name}` : file;
  }
  return undefined;
}

/** The plugin for `name` (dash-joined command words), by prefix order. */
export function lookupPlugin(name: string, ctx: Context): string | undefined {
  for (const prefix of pluginPrefixes(ctx)) {
    const found = lookPath(`${prefix}-${name}`, ctx);
    if (found) return found;
  }
  return undefined;
}

/** What to run for a command line that names no built-in command. */
export interface PluginMatch {
  path: string;
  args: string[];
}

/**
 * kubectl's search: the leading non-flag words, `-` in a word read as `_`,
 * longest dash-joined name first, stopping below minWords words.
 * Throws kubectl's error when a flag comes before the plugin name.
 */
export function findPlugin(args: string[], minWords: number, ctx: Context): PluginMatch | undefined {
  const words: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) break;
    words.push(a.replaceAll('-', '_'));
  }
  if (words.length === 0) throw new PluginError(`flags cannot be placed before plugin name: ${args[0]}`);
  for (let n = words.length; n >= minWords && n > 0; n--) {
    const found = lookupPlugin(words.slice(0, n).join('-'), ctx);
    if (found) return { path: found, args: args.slice(n) };
  }
  return undefined;
}

/** Printed as kubectl prints plugin-handler errors: "Error: ..." and exit 1. */
export class PluginError extends Error {}
