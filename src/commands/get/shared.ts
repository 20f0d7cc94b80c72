/**
 * What get's pieces share: its options, the run state, the Accept header
 * for server-side tables and the output buffer (index.ts reads the flags,
 * run.ts fetches and prints, watch.ts follows; none imports another's
 * module for these).
 */
import type { Writable } from 'node:stream';
import type { Clients } from '../../client/index.js';
import { write, type Context } from '../../context.js';
import type { FilenameOptions } from '../../flags/filename.js';
import type { GlobalFlags } from '../../flags/global.js';
import type { PrintOptions } from '../../flags/print.js';
import type { SelectorOptions } from '../../flags/selector.js';
import type { ColorMode } from '../../printers/color-mode.js';
import { isKubeObject, type KubeObject, type ResourceInfo } from '../../resource/types.js';
import { isTable, type Table } from '../../printers/table.js';

export interface GetOptions {
  ctx: Context;
  flags: GlobalFlags;
  path: string;
  args: string[];
  print: PrintOptions;
  files: FilenameOptions;
  select: SelectorOptions;
  watch: boolean;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  ignoreNotFound: boolean;
  chunkSize: number;
  raw?: string;
  subresource?: string;
  serverPrint: boolean;
  color: ColorMode;
}

export interface GetRun {
  o: GetOptions;
  clients: Clients;
  namespace: string;
  errors: Error[];
}

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** Output buffered between awaits so sync printers can feed an async stream. */
export class OutBuffer {
  private parts: string[] = [];
  /** characters pushed since the last drain */
  pending = 0;
  written = 0;
  constructor(private readonly stream: Writable) {}
  push = (s: string): void => {
    if (s.length === 0) return;
    this.parts.push(s);
    this.pending += s.length;
    this.written += s.length;
  };
  async drain(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    await write(this.stream, text);
  }
}

/** Several kinds requested (get pods,svc / get all): names print as kind/name. */
export function multipleKinds(infos: ResourceInfo[]): boolean {
  return infos.some((i) => i.mapping.group !== infos[0]!.mapping.group || i.mapping.kind !== infos[0]!.mapping.kind);
}

/**
 * The body as a server-side Table, or undefined. (isTable's own narrowing
 * leaves `never` behind for KubeObject and lists, which fit Table's all-optional shape.)
 */
export function tableOf(body: unknown): Table | undefined {
  return isTable(body) ? body : undefined;
}

/** Items of a list response carry no apiVersion/kind; kubectl fills them in from the list. */
export function listItems(list: { apiVersion?: string; kind?: unknown; items?: unknown }): KubeObject[] {
  const items = Array.isArray(list.items) ? list.items.filter(isKubeObject) : [];
  const apiVersion = list.apiVersion;
  const kind = typeof list.kind === 'string' ? list.kind.replace(/List$/, '') : undefined;
  return items.map((i) => (i.apiVersion && i.kind ? i : { apiVersion, kind, ...i }));
}
