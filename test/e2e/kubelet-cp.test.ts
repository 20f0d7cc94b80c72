/**
 * `ktl cp` against kubectl 1.33 on the local cluster (issue 14, "cp"). kwok
 * runs exec'd commands on this host as the exec user, so the "container" side
 * is this machine's GNU tar, working in the pod's own work dir.
 *
 * Each case runs kubectl, records what it printed and what it left (remote
 * work dir or local destination), removes that, then runs ktl with the same
 * arguments in the same place: outputs, exit codes and the trees (names,
 * types, permission bits, sizes, contents) must be equal. Only the binary's
 * own name in messages is normalised.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { tarOf } from '../helpers/tar.js';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { createPods, execGid, execUid, givePodWorkDir, kubectlStreaming, removePodFiles, withoutStreamNotice } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-cp');
let workDir = '';
let tmp = '';
let localDir = '';

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, { box: { containers: ['app', 'side'] } });
  workDir = await givePodWorkDir(NS, 'box');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelet-cp-'));
  localDir = path.join(tmp, 'local');
  mkdirSync(localDir);
  // the local tree the uploads copy
  const src = path.join(localDir, 'tree');
  mkdirSync(path.join(src, 'sub', 'deeper'), { recursive: true });
  mkdirSync(path.join(src, 'empty'));
  writeFileSync(path.join(src, 'a.txt'), 'alpha\n', { mode: 0o600 });
  writeFileSync(path.join(src, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  writeFileSync(path.join(src, 'sub', 'all.txt'), 'everyone\n');
  chmodSync(path.join(src, 'sub', 'all.txt'), 0o777);
  writeFileSync(path.join(src, 'sub', 'deeper', 'blob.bin'), randomBytes(200 * 1024));
  symlinkSync('a.txt', path.join(src, 'link'));
  writeFileSync(path.join(localDir, 'up.bin'), randomBytes(300 * 1024), { mode: 0o640 });
}, 120_000);

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

type Entry = string;

/**
 * `target` and everything under it, named from `name` down: type, permission
 * bits, size and the start of the content (or the link target).
 */
function snapshot(target: string, name: string): Entry[] {
  let st;
  try {
    st = lstatSync(target);
  } catch {
    return [];
  }
  const perm = (st.mode & 0o7777).toString(8);
  if (st.isSymbolicLink()) return [`l ${name} -> ${readlinkSync(target)}`];
  if (!st.isDirectory()) return [`f ${perm} ${name} ${st.size} ${readFileSync(target).toString('base64').slice(0, 40)}`];
  const out = [`d ${perm} ${name}`];
  for (const e of readdirSync(target).sort()) out.push(...snapshot(path.join(target, e), `${name}/${e}`));
  return out;
}

/** kubectl's result without client-go's stream notice, and its own name turned into ktl's. */
const normal = (r: ProcResult): ProcResult => ({
  code: r.code,
  stdout: r.stdout.replace(/\bkubectl (exec|cp)\b/g, 'ktl $1'),
  stderr: withoutStreamNotice(r.stderr).replace(/\bkubectl (exec|cp)\b/g, 'ktl $1'),
});

interface Twin {
  kubectl: ProcResult;
  ktl: ProcResult;
  /** what kubectl left where the copy went */
  kubectlTree: Entry[];
  ktlTree: Entry[];
}

/**
 * Runs `cp ARGS` with kubectl, then with ktl (from localDir), each time
 * recording and then clearing `where` (paths relative to the pod work dir
 * or to localDir) so that both start from the same state.
 */
async function twin(args: string[], where: string[]): Promise<Twin> {
  const targets = where.map((w) => (w.startsWith('pod:') ? { at: path.join(workDir, w.slice(4)), name: w.slice(4) } : { at: path.join(localDir, w), name: w }));
  const take = async () => {
    const snap = targets.flatMap((t) => snapshot(t.at, t.name));
    for (const t of targets) await rm(t.at, { recursive: true, force: true });
    return snap;
  };
  const k = normal(await kubectlStreaming(['-n', NS, 'cp', ...args], { cwd: localDir }));
  const kubectlTree = await take();
  const t = await ktl(['-n', NS, 'cp', ...args], { cwd: localDir });
  const ktlTree = await take();
  return { kubectl: k, ktl: t, kubectlTree, ktlTree };
}

function expectSame(r: Twin, want?: Partial<ProcResult>): void {
  expect(r.ktl).toEqual(r.kubectl);
  expect(r.ktlTree).toEqual(r.kubectlTree);
  if (want) expect(r.ktl).toEqual({ ...r.ktl, ...want });
}

/** A directory in the pod's work dir, owned by the exec user. */
function podDirOf(rel: string): string {
  const d = path.join(workDir, rel);
  mkdirSync(d, { recursive: true });
  if (process.getuid?.() === 0) chownSync(d, execUid, execGid);
  return d;
}

describe('cp to the pod', () => {
  test('a file to a new name', async () => {
    const r = await twin(['up.bin', 'box:up.bin'], ['pod:up.bin']);
    expectSame(r, { code: 0, stdout: '' });
    expect(r.ktlTree).toHaveLength(1);
    expect(readFileSync(path.join(localDir, 'up.bin')).length).toBe(300 * 1024);
  });

  test('a file into an existing directory keeps its name', async () => {
    podDirOf('into');
    const r = await twin(['up.bin', 'box:into'], ['pod:into/up.bin']);
    expectSame(r, { code: 0 });
    expect(r.ktlTree.map((e) => e.split(' ')[2])).toEqual(['into/up.bin']);
  });

  test('a tree: permissions (less the umask), symlink, empty directory', async () => {
    const r = await twin(['tree', 'box:tree'], ['pod:tree']);
    expectSame(r, { code: 0, stdout: '', stderr: 'Defaulted container "app" out of: app, side\n' });
    expect(r.ktlTree).toContain('l tree/link -> a.txt');
    expect(r.ktlTree).toContain('d 755 tree/empty');
    expect(r.ktlTree.find((e) => e.includes('tree/run.sh'))).toMatch(/^f 755 /);
  });

  test('a tree with --no-preserve', async () => {
    const r = await twin(['--no-preserve', 'tree', 'box:tree', '-c', 'side'], ['pod:tree']);
    expectSame(r, { code: 0, stdout: '', stderr: '' });
    expect(r.ktlTree.find((e) => e.includes('tree/a.txt'))).toMatch(/^f 600 /);
  });

  test('to an absolute path in the container', async () => {
    const r = await twin(['up.bin', `box:${workDir}/abs.bin`, '-c', 'app'], ['pod:abs.bin']);
    expectSame(r, { code: 0, stdout: '', stderr: '' });
    expect(r.ktlTree).toHaveLength(1);
  });

  test("tar fails in the container: its stderr, kubectl's exit line, its code", async () => {
    // a directory the exec user may not write to: tar reads the whole archive, fails on each entry, exits 2
    chmodSync(podDirOf('locked'), 0o555);
    const r = await twin(['-c', 'app', 'tree/sub', 'box:locked/sub'], ['pod:locked/sub']);
    expectSame(r, { code: 2, stdout: '' });
    expect(r.ktl.stderr).toMatch(/^tar: sub: Cannot mkdir: Permission denied\n/);
    expect(r.ktl.stderr).toMatch(/\ncommand terminated with exit code 2\n$/);
  });
});

describe('cp from the pod', () => {
  beforeAll(async () => {
    const r = await kubectl(['-n', NS, 'cp', '-c', 'app', 'tree', 'box:remote-tree'], { cwd: localDir });
    expect(withoutStreamNotice(r.stderr)).toBe('');
  });

  test('a file', async () => {
    const r = await twin(['-c', 'app', 'box:remote-tree/a.txt', 'down.txt'], ['down.txt']);
    expectSame(r, { code: 0, stdout: '', stderr: '' });
    expect(r.ktlTree).toEqual([expect.stringMatching(/^f 644 down.txt 6 /)]);
  });

  test('a tree: files 0644 whatever their mode, symlinks skipped with the warning, the notice on stdout', async () => {
    const r = await twin(['box:remote-tree', 'back'], ['back']);
    expectSame(r, {
      code: 0,
      stdout: 'Defaulted container "app" out of: app, side\n',
      stderr: 'warning: skipping symlink: "back/link" -> "a.txt" (consider using "ktl exec -n "" "box" -- tar cf - "remote-tree" | tar xf -")\n',
    });
    expect(r.ktlTree).toContain('d 755 back/empty');
    expect(r.ktlTree.find((e) => e.includes('back/run.sh'))).toMatch(/^f 644 /);
  });

  test('namespace/pod:path, an absolute path: tar says it removes the leading slash, on stdout', async () => {
    const r = await twin(['-c', 'app', `${NS}/box:${workDir}/remote-tree/sub`, 'abs'], ['abs']);
    expectSame(r, { code: 0, stdout: "tar: Removing leading `/' from member names\n", stderr: '' });
    expect(r.ktlTree.map((e) => e.split(' ')[2])).toEqual(['abs', 'abs/all.txt', 'abs/deeper', 'abs/deeper/blob.bin']);
  });

  test("a missing file: tar's complaint on stdout, exit 0 (kubectl may cut the complaint short)", async () => {
    const k = normal(await kubectl(['-n', NS, 'cp', 'box:missing', 'nothing'], { cwd: localDir }));
    const t = await ktl(['-n', NS, 'cp', 'box:missing', 'nothing'], { cwd: localDir });
    const full = 'Defaulted container "app" out of: app, side\ntar: missing: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n';
    expect(t).toEqual({ code: 0, stdout: full, stderr: '' });
    // kubectl stops reading once the (empty) archive ended: what it printed of tar's stderr by then varies
    expect(k.code).toBe(0);
    expect(k.stderr).toBe('');
    expect(full.startsWith(k.stdout)).toBe(true);
    expect(existsSync(path.join(localDir, 'nothing'))).toBe(false);
  });
});

describe('an archive that tries to leave the destination', () => {
  /**
   * kubectl's --retries command is `sh -c "tar cf - SRC | tail -c+N"` with SRC
   * as typed, so SRC can make the container send any archive: here one whose
   * names climb out of the destination, a link to an absolute path, a link
   * pointing outside, and a name that only shares the prefix.
   */
  const SRC = '--version >/dev/null; cat evil.tar; #';
  beforeAll(async () => {
    const evil = await tarOf([
      [{ name: `${SRC}/ok.txt` }, 'fine\n'],
      [{ name: `${SRC}/../../escape.txt` }, 'escaped\n'],
      [{ name: `${SRC}/sub/../../../up.txt` }, 'escaped\n'],
      [{ name: `${SRC}/abs`, type: 'symlink', linkname: '/etc/passwd' }],
      [{ name: `${SRC}/rel`, type: 'symlink', linkname: '../../../../etc' }],
      [{ name: `${SRC}/hard`, type: 'link', linkname: '/etc/passwd' }],
      [{ name: `${SRC}x` }, 'prefix only\n'],
    ]);
    writeFileSync(path.join(workDir, 'evil.tar'), evil);
    mkdirSync(path.join(localDir, 'jail'));
  });

  test('nothing lands outside; each escape is warned about and skipped', async () => {
    const r = await twin(['--retries=1', '-c', 'app', `box:${SRC}`, 'jail/in'], ['jail']);
    mkdirSync(path.join(localDir, 'jail'));
    expectSame(r, { code: 0, stdout: '' });
    expect(r.ktl.stderr).toBe(
      [
        'warning: file "escape.txt" is outside target destination, skipping',
        'warning: file "up.txt" is outside target destination, skipping',
        `warning: skipping symlink: "jail/in/abs" -> "/etc/passwd" (consider using "ktl exec -n "" "box" -- tar cf - "${SRC}" | tar xf -")`,
        'warning: skipping symlink: "jail/in/rel" -> "../../../../etc"',
        '',
      ].join('\n'),
    );
    expect(r.ktlTree).toEqual([
      'd 755 jail',
      'd 755 jail/in',
      expect.stringMatching(/^f 644 jail\/in\/hard 0 $/),
      expect.stringMatching(/^f 644 jail\/in\/ok.txt 5 /),
      expect.stringMatching(/^f 644 jail\/in\/x 12 /),
    ]);
    expect(existsSync(path.join(localDir, 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(localDir, 'up.txt'))).toBe(false);
    expect(existsSync(path.join(tmp, 'escape.txt'))).toBe(false);
  });

  test('a name outside the source: tar contents corrupted, exit 1', async () => {
    writeFileSync(path.join(workDir, 'other.tar'), await tarOf([[{ name: '/etc/evil' }, 'x']]));
    const r = await twin(['--retries=1', '-c', 'app', 'box:--version >/dev/null; cat other.tar; #', 'jail2'], ['jail2']);
    expectSame(r, { code: 1, stdout: '', stderr: 'error: tar contents corrupted\n' });
  });
});

describe('path shapes and kubectl quirks', () => {
  beforeAll(async () => {
    // names with glob characters: kubectl globs each name it sends ("a[1].txt" sends a1.txt's bytes, "back\\slash" is not sent)
    const g = path.join(localDir, 'globs');
    mkdirSync(g);
    for (const [name, body] of [['a[1].txt', 'one'], ['a1.txt', 'two'], ['s*', 'star'], ['sx', 'ex'], ['q?', 'q'], ['back\\slash', 'bs']]) writeFileSync(path.join(g, name!), body!);
    const r = await kubectl(['-n', NS, 'cp', '-c', 'app', 'tree', 'box:shapes'], { cwd: localDir });
    expect(withoutStreamNotice(r.stderr)).toBe('');
  });

  test('names with glob characters, as kubectl sends them', async () => {
    const r = await twin(['-c', 'app', 'globs', 'box:globs'], ['pod:globs']);
    expectSame(r, { code: 0, stdout: '', stderr: '' });
    expect(r.ktlTree.map((e) => e.split(' ').slice(0, 3).join(' '))).toEqual(['d 755 globs', 'f 644 globs/a1.txt', 'f 644 globs/a[1].txt', 'f 644 globs/q?', 'f 644 globs/s*', 'f 644 globs/sx']);
  });

  test.each([
    [['box:shapes', 'out/'], ['out']],
    [['box:./shapes/sub/', 'o1'], ['o1']],
    [['box:shapes/../shapes/sub', 'o2'], ['o2']],
    [['box:shapes/run.sh', '.'], ['run.sh']],
    [['box:shapes/sub/all.txt', 'o3/'], ['o3']],
    [['tree/', 'box:.'], ['pod:tree']],
    [['tree/sub/all.txt', 'box:shapes/sub/'], ['pod:shapes/sub/all.txt']],
  ])('cp %j', async (args, where) => {
    const r = await twin(['-c', 'app', ...args], where);
    expectSame(r);
  });
});

describe('usage errors, as kubectl', () => {
  test.each([
    [['box:a', 'box:b']],
    [['a', 'b']],
    [[':a', 'b']],
    [['x/y/z:a', 'b']],
    [['box:', 'b']],
    [['a']],
    [['nonexistent', 'box:x']],
    [['up.bin', 'nope:x']],
    [['nope:x', 'y']],
    [['--retries=x', 'box:a', 'b']],
  ])('cp %j', async (args) => {
    const r = await twin(args, ['y', 'b']);
    expectSame(r);
    expect(r.ktl.code).not.toBe(0);
  });
});
