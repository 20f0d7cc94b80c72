/**
 * `cluster-info dump`: the nodes, then for each namespace its events,
 * replication controllers, services, daemon sets, deployments, replica sets
 * and pods, each list printed (json by default) as soon as it is read, then
 * every init and app container's log of each pod between START/END lines.
 * Everything goes to stdout, or with --output-directory into files:
 * nodes.EXT, NS/events.EXT ..., NS/POD/logs.txt. kubectl lists through its
 * typed clients (one unpaged GET each, no discovery) and stops at the first
 * list that fails; a log that cannot be read is written into the output.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import type { ResourcePrinter } from '../printers/resource-printer.js';
import { ApiError, ConnectionError, KtlError, errnoCode, messageOf } from '../errors.js';
import { isJsonMap, listAt, mapAt, stringAt, type JsonMap } from '../codec/value.js';
import { osPathError } from '../os-errors.js';
import { typedList } from './typed.js';

export interface DumpOptions {
  print: PrintOptions;
  /** -o as given, 'json' when it was not: it names the files (.json, .yaml, else .txt) */
  outputFormat: string;
  /** '' or '-': stdout */
  outputDirectory: string;
  /** --namespaces; empty: kube-system and the request namespace */
  namespaces: string[];
  allNamespaces: boolean;
  /** -n, else the context's namespace, else default */
  namespace: string;
}

interface Gvr {
  group: string;
  version: string;
  resource: string;
}

const core = (resource: string): Gvr => ({ group: '', version: 'v1', resource });
const apps = (resource: string): Gvr => ({ group: 'apps', version: 'v1', resource });

/** What is dumped per namespace, in kubectl's order, with the file each goes to. */
const NAMESPACED: ReadonlyArray<{ file: string; gvr: Gvr }> = [
  { file: 'events', gvr: core('events') },
  { file: 'replication-controllers', gvr: core('replicationcontrollers') },
  { file: 'services', gvr: core('services') },
  { file: 'daemonsets', gvr: apps('daemonsets') },
  { file: 'deployments', gvr: apps('deployments') },
  { file: 'replicasets', gvr: apps('replicasets') },
  { file: 'pods', gvr: core('pods') },
];

/** Where one list or one pod's logs go. */
interface Sink {
  write(data: string | Buffer): Promise<void>;
  close(): void;
}

export async function dumpClusterInfo(f: Factory, o: DumpOptions, printer: ResourcePrinter): Promise<void> {
  const { resourcePath } = await import('../client/index.js');
  const clients = await f.clients();
  const toDir = o.outputDirectory !== '' && o.outputDirectory !== '-';
  const ext = o.outputFormat === 'json' ? '.json' : o.outputFormat === 'yaml' ? '.yaml' : '.txt';
  const open = (name: string, extension: string): Sink =>
    toDir ? fileSink(path.posix.join(o.outputDirectory, name) + extension, f.ctx.cwd) : stdoutSink(f.io.out);
  const list = async (gvr: Gvr, namespace?: string): Promise<JsonMap> => {
    const p = resourcePath(gvr, { namespace });
    return typedList(await clients.rest.getJson<JsonMap>(p));
  };
  const print = async (obj: JsonMap, name: string): Promise<void> => {
    const sink = open(name, ext);
    try {
      if (o.print.format === 'name') {
        // kubectl's name printer takes no lists, and everything dumped is one
        throw new KtlError(`list types are not supported by name printing: *${goListType(obj)}`);
      }
      let text = '';
      try {
        printer.print(obj, (s) => void (text += s));
      } finally {
        await sink.write(text);
      }
    } finally {
      sink.close();
    }
  };

  await print(await list(core('nodes')), 'nodes');

  let namespaces: string[];
  if (o.allNamespaces) {
    namespaces = listAt(await list(core('namespaces')), 'items').map((n) => (isJsonMap(n) ? (stringAt(mapAt(n, 'metadata'), 'name') ?? '') : ''));
  } else {
    namespaces = o.namespaces.length > 0 ? o.namespaces : ['kube-system', o.namespace];
  }

  for (const ns of namespaces) {
    let pods: JsonMap = {};
    for (const { file, gvr } of NAMESPACED) {
      // "" lists across all namespaces, as client-go does with an empty namespace
      const l = await list(gvr, ns || undefined);
      await print(l, path.posix.join(ns, file));
      if (gvr.resource === 'pods') pods = l;
    }
    for (const pod of listAt(pods, 'items')) {
      if (!isJsonMap(pod)) continue;
      const podName = stringAt(mapAt(pod, 'metadata'), 'name') ?? '';
      const podNamespace = stringAt(mapAt(pod, 'metadata'), 'namespace') ?? '';
      const spec = mapAt(pod, 'spec');
      const containers = [...listAt(spec, 'initContainers'), ...listAt(spec, 'containers')].map((c) => (isJsonMap(c) ? (stringAt(c, 'name') ?? '') : ''));
      const sink = open(path.posix.join(ns, podName, 'logs'), '.txt');
      try {
        for (const c of containers) {
          await sink.write(`==== START logs for container ${c} of pod ${podNamespace}/${podName} ====\n`);
          await sink.write(await containerLog(f, resourcePath(core('pods'), { namespace: podNamespace, name: podName, subresource: 'log' }), c));
          await sink.write(`==== END logs for container ${c} of pod ${podNamespace}/${podName} ====\n`);
        }
      } finally {
        sink.close();
      }
    }
  }
  if (toDir) await writeTo(f.io.out, `Cluster info dumped to ${o.outputDirectory}\n`);
}

/**
 * The whole log of one container, or kubectl's line saying why it could not
 * be read. kubectl reads it raw (DoRaw): an error answer is never read as a
 * Status, only named by its code (and its text, for some codes).
 */
async function containerLog(f: Factory, logPath: string, container: string): Promise<string | Buffer> {
  const clients = await f.clients();
  const { apiErrorFrom, resourceOfPath } = await import('../client/transport.js');
  const spec = { method: 'GET', path: logPath, query: { container }, accept: 'application/json, */*' };
  try {
    const res = await clients.transport.requestRaw(spec);
    if (res.statusCode < 200 || res.statusCode > 206) {
      throw apiErrorFrom(res.statusCode, res.body, 'GET', clients.transport.url(spec).toString(), {
        contentType: res.headers['content-type'],
        decodeStatus: false,
        resource: resourceOfPath(logPath),
      });
    }
    return res.body;
  } catch (err) {
    return `Request log error: ${logErrorText(err)}\n`;
  }
}

/** An error as Go's err.Error() reads: a Status's message, a url.Error's `Get "URL": ...`. */
function logErrorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof ConnectionError) return err.urlErrorText;
  return messageOf(err);
}

/** The Go type kubectl names for a list it printed (*v1.NodeList ...). */
function goListType(obj: JsonMap): string {
  const apiVersion = stringAt(obj, 'apiVersion') ?? 'v1';
  return `${apiVersion.slice(apiVersion.lastIndexOf('/') + 1)}.${stringAt(obj, 'kind') ?? ''}`;
}

function writeTo(out: Writable, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (data.length === 0) return resolve();
    out.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

function stdoutSink(out: Writable): Sink {
  return { write: (data) => writeTo(out, data), close: () => undefined };
}

/**
 * A file as kubectl makes it: its folder (and parents) with mode 0755, the
 * file created or truncated; errors in Go's words with the path as joined.
 */
function fileSink(file: string, cwd: string): Sink {
  mkdirAll(path.posix.dirname(file), cwd);
  let fd: number;
  try {
    fd = fs.openSync(path.resolve(cwd, file), 'w', 0o666);
  } catch (e) {
    throw osPathError('open', file, e);
  }
  return {
    write: async (data) => {
      try {
        fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      } catch (e) {
        throw osPathError('write', file, e);
      }
    },
    close: () => fs.closeSync(fd),
  };
}

/** Go's os.MkdirAll: a path that exists must be a folder; parents first; errors name the path as given. */
function mkdirAll(dir: string, cwd: string): void {
  const abs = path.resolve(cwd, dir);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch {
    st = undefined;
  }
  if (st) {
    if (st.isDirectory()) return;
    throw osPathError('mkdir', dir, Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' }));
  }
  let i = dir.length;
  while (i > 0 && dir[i - 1] === '/') i--;
  let j = i;
  while (j > 0 && dir[j - 1] !== '/') j--;
  if (j > 1) mkdirAll(dir.slice(0, j - 1), cwd);
  try {
    fs.mkdirSync(abs, 0o755);
  } catch (e) {
    try {
      if (fs.lstatSync(abs).isDirectory()) return;
    } catch {
      // the mkdir error below
    }
    throw osPathError('mkdir', dir, e);
  }
}

