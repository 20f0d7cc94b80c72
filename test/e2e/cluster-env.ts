/**
 * What e2e tests import: the local cluster's kubeconfig, and runners for the
 * built ktl binary and for the reference kubectl (tests only; ktl never runs it).
 */
import { spawn } from 'node:child_process';
import { existsSync, readlinkSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The cluster's runtime dir, as scripts/cluster/lib.sh derives it (KTL_CLUSTER_DIR, else KTL_CLUSTER_NAME). */
export const clusterDir =
  process.env.KTL_CLUSTER_DIR || path.join(repoRoot, process.env.KTL_CLUSTER_NAME ? `.cluster-${process.env.KTL_CLUSTER_NAME}` : '.cluster');
export const kubeconfigPath = process.env.KTL_E2E_KUBECONFIG || path.join(clusterDir, 'kubeconfig');
export const ktlBin = path.join(repoRoot, 'bin/ktl.js');

/** The reference kubectl: $KTL_REFERENCE_KUBECTL, else kubectl.1.33 beside the kubectl dispatcher. */
export function findReferenceKubectl(): string | undefined {
  if (process.env.KTL_REFERENCE_KUBECTL) return process.env.KTL_REFERENCE_KUBECTL;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, 'kubectl');
    if (!existsSync(candidate)) continue;
    let real = candidate;
    try {
      real = realpathSync(candidate);
    } catch {
      try {
        real = path.resolve(dir, readlinkSync(candidate));
      } catch {
        /* keep candidate */
      }
    }
    const versioned = path.join(path.dirname(real), 'kubectl.1.33');
    if (existsSync(versioned)) return versioned;
  }
  return undefined;
}

export const referenceKubectl = findReferenceKubectl();

export interface ProcResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProcOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
  /** called with everything written to stderr so far, each time more arrives */
  onStderr?: (stderr: string) => void;
}

export function runProcess(cmd: string, args: string[], opts: ProcOptions = {}): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, KUBECONFIG: kubeconfigPath, ...opts.env } as NodeJS.ProcessEnv,
      cwd: opts.cwd ?? repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      opts.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs the built ktl (bin/ktl.js) against the local cluster. */
export function ktl(args: string[], opts: ProcOptions = {}): Promise<ProcResult> {
  return runProcess(process.execPath, [ktlBin, ...args], opts);
}

/** Runs the reference kubectl against the local cluster. */
export function kubectl(args: string[], opts: ProcOptions = {}): Promise<ProcResult> {
  if (!referenceKubectl) throw new Error('reference kubectl (kubectl.1.33) not found; set KTL_REFERENCE_KUBECTL');
  return runProcess(referenceKubectl, args, opts);
}

/** A namespace name unique to this run, for tests that create objects. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/**
 * Twin namespaces for a differential test (ktl works in one, kubectl in the
 * other) and a scratch directory (when `tmpPrefix` is given, else '').
 */
export async function createTwins(a: string, b: string, tmpPrefix?: string): Promise<string> {
  await Promise.all([kubectl(['create', 'ns', a]), kubectl(['create', 'ns', b])]);
  return tmpPrefix ? mkdtemp(path.join(os.tmpdir(), tmpPrefix)) : '';
}

/** Undoes createTwins (namespaces deleted without waiting). */
export async function removeTwins(a: string, b: string, dir = ''): Promise<void> {
  await Promise.all([kubectl(['delete', 'ns', a, '--wait=false']), kubectl(['delete', 'ns', b, '--wait=false'])]);
  if (dir) await rm(dir, { recursive: true, force: true });
}
