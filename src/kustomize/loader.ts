/**
 * File access for a kustomization root, with kustomize's load restrictions:
 * by default (LoadRestrictionsRootOnly) a file must lie in or below the root
 * of the kustomization that names it; directories of other kustomizations may
 * lie anywhere, but not at or above a root already being built (a cycle).
 * Remote resources (URLs, git repositories) are refused: ktl fetches nothing.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { KtlError } from '../errors.js';

export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

/** An error of kustomize's that callers react to (as kustomize does by type). */
export class LoadError extends KtlError {
  constructor(
    message: string,
    readonly reason: 'missing' | 'notFile' | 'security' | 'other' = 'other',
  ) {
    super(message);
  }
}

/** kustomize recognises these as remote: URLs and git repository specs. */
export function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^git@/.test(p) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(p);
}

function real(abs: string, prefix: string): string {
  try {
    return realpathSync(abs);
  } catch {
    throw new LoadError(`${prefix}evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`, 'missing');
  }
}

const within = (dir: string, root: string) => dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

export class Loader {
  private constructor(
    readonly root: string,
    readonly restrictor: LoadRestrictor,
    private readonly referrer?: Loader,
  ) {}

  /** The loader of the top kustomization: `dir` relative to cwd. */
  static at(cwd: string, dir: string, restrictor: LoadRestrictor): Loader {
    if (isRemote(dir)) throw new KtlError(remoteRefusal(dir));
    const abs = path.resolve(cwd, dir);
    let st;
    let r: string;
    try {
      r = realpathSync(abs);
      st = statSync(r);
    } catch {
      throw new KtlError(`must build at directory: not a valid directory: evalsymlink failure on '${dir}' : lstat ${abs}: no such file or directory`);
    }
    if (!st.isDirectory()) throw new KtlError(`must build at directory: '${dir}': file is not directory`);
    return new Loader(r, restrictor);
  }

  /** Reads a file named relative to the root. */
  load(rel: string): Buffer {
    if (isRemote(rel)) throw new LoadError(remoteRefusal(rel));
    const abs = path.isAbsolute(rel) ? rel : path.join(this.root, rel);
    const r = real(abs, '');
    let isDir = false;
    try {
      isDir = statSync(r).isDirectory();
    } catch {
      /* checked by realpath */
    }
    if (isDir) throw new LoadError(`'${abs}' must resolve to a file`, 'notFile');
    if (this.restrictor === 'LoadRestrictionsRootOnly' && !within(path.dirname(r), this.root)) {
      throw new LoadError(`security; file '${abs}' is not in or below '${this.root}'`, 'security');
    }
    return readFileSync(r);
  }

  /** The loader of another kustomization directory named relative to this root. */
  child(rel: string): Loader {
    if (rel === '') throw new KtlError('new root cannot be empty');
    if (isRemote(rel)) throw new LoadError(remoteRefusal(rel));
    if (path.isAbsolute(rel)) throw new KtlError(`new root '${rel}' cannot be absolute`);
    const abs = path.join(this.root, rel);
    const r = real(abs, 'must build at directory: not a valid directory: ');
    if (!statSync(r).isDirectory()) throw new LoadError(`must build at directory: '${r}': file is not directory`);
    for (let l: Loader | undefined = this; l; l = l.referrer) {
      if (within(l.root, r)) throw new KtlError(`cycle detected: candidate root '${r}' contains visited root '${l.root}'`);
    }
    return new Loader(r, this.restrictor, this);
  }
}

export function remoteRefusal(p: string): string {
  return `remote resource "${p}" is not supported by ktl's built-in kustomize (it fetches nothing over the network); download it and refer to it by a local path`;
}
