/** `config set-credentials NAME [--token ...]`. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { canonicalEntry } from '../../config/codec.js';
import { goFsError, loadKubeconfig } from '../../config/loader.js';
import { modifyKubeconfig } from '../../config/writer.js';
import type { AuthInfo } from '../../config/types.js';
import { flagsOf, goList, goQuote, helpError, parseBoolFlag, pathsOf } from './flags.js';

interface SetCredentialsOptions {
  name: string;
  clientCertificate?: string;
  clientKey?: string;
  token?: string;
  username?: string;
  password?: string;
  embed: boolean;
  authProvider?: string;
  authProviderArgs: Array<[string, string]>;
  authProviderArgsToRemove: string[];
  execCommand?: string;
  execApiVersion?: string;
  execArgs?: string[];
  execEnv?: Array<[string, string]>;
  execEnvToRemove?: string[];
  execInteractiveMode?: string;
  execProvideClusterInfo?: boolean;
}

export default async function setCredentials(app: App, cmd: Command, args: string[]): Promise<number> {
  const flags = flagsOf<{
    authProvider: string;
    authProviderArg: string[];
    execCommand: string;
    execApiVersion: string;
    execInteractiveMode: string;
    execArg: string[];
    execEnv: string[];
  }>(app, cmd);
  const embed = parseBoolFlag(flags.embedCerts, args) ?? false;
  const provideClusterInfo = parseBoolFlag(flags.execProvideClusterInfo, args);
  if (args.length !== 1) helpError(cmd, `unexpected args: ${goList(args)}`);
  const o: SetCredentialsOptions = {
    name: args[0]!,
    clientCertificate: flags.clientCertificate,
    clientKey: flags.clientKey,
    token: flags.token,
    username: flags.username,
    password: flags.password,
    embed,
    authProvider: flags.authProvider,
    authProviderArgs: [],
    authProviderArgsToRemove: [],
    execCommand: flags.execCommand,
    execApiVersion: flags.execApiVersion,
    execInteractiveMode: flags.execInteractiveMode,
    execProvideClusterInfo: provideClusterInfo,
  };
  const providerArgs = flags.authProviderArg ?? [];
  if (providerArgs.length) {
    const p = parsePairs(cmd, providerArgs, 'auth-provider-arg');
    o.authProviderArgs = p.set;
    o.authProviderArgsToRemove = p.remove;
  }
  const execArgs = flags.execArg;
  if (execArgs?.length) o.execArgs = execArgs;
  const execEnv = flags.execEnv ?? [];
  if (execEnv.length) {
    const p = parsePairs(cmd, execEnv, 'exec-env');
    o.execEnv = p.set;
    o.execEnvToRemove = p.remove;
  }
  await validate(o, app.ctx.cwd);

  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  const existing = structuredClone(loaded.config.users.get(o.name) ?? {});
  loaded.config.users.set(o.name, canonicalEntry('user', await modify(existing, o, app.ctx.cwd)));
  await modifyKubeconfig(paths, loaded, { relativizePaths: true });
  await write(app.ctx.io.out, `User ${goQuote(o.name)} set.\n`);
  return 0;
}

/** kubectl's ParsePairs with removal: key=value to set, key- to remove. */
function parsePairs(cmd: Command, pairs: string[], flag: string): { set: Array<[string, string]>; remove: string[] } {
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i >= 0) {
      const key = p.slice(0, i);
      const at = set.findIndex(([k]) => k === key);
      if (at >= 0) set[at] = [key, p.slice(i + 1)];
      else set.push([key, p.slice(i + 1)]);
    } else if (p.endsWith('-')) {
      remove.push(p.slice(0, -1));
    } else {
      invalid.push(p);
    }
  }
  if (invalid.length) helpError(cmd, `invalid ${flag} format: ${invalid.join(', ')}`);
  return { set, remove };
}

async function validate(o: SetCredentialsOptions, cwd: string): Promise<void> {
  if (!o.name) throw new KtlError('you must specify a non-empty user name');
  const methods: string[] = [];
  if (o.token) methods.push('--token');
  if (o.username || o.password) methods.push('--username/--password');
  if (methods.length > 1) {
    throw new KtlError(`you cannot specify more than one authentication method at the same time: ${methods.join(', ')}`);
  }
  if (o.embed) {
    const cert = o.clientCertificate ?? '';
    const key = o.clientKey ?? '';
    if (!cert && !key) throw new KtlError('you must specify a --client-certificate or --client-key to embed');
    for (const [flag, file] of [['client-certificate', cert], ['client-key', key]] as const) {
      if (!file) continue;
      try {
        await stat(path.resolve(cwd, file));
      } catch (e) {
        throw new KtlError(`could not stat ${flag} file ${file}: ${goFsError('stat', file, e)}`);
      }
    }
  }
  if (o.execInteractiveMode !== undefined && !['Never', 'IfAvailable', 'Always'].includes(o.execInteractiveMode)) {
    throw new KtlError('invalid interactive mode type, can be only IfAvailable, Never, Always');
  }
}

const readB64 = async (file: string): Promise<string> => (await readFile(file).catch(() => Buffer.alloc(0))).toString('base64');

async function modify(u: AuthInfo, o: SetCredentialsOptions, cwd: string): Promise<AuthInfo> {
  let setToken = false;
  let setBasic = false;
  if (o.clientCertificate !== undefined) {
    if (o.embed) {
      u['client-certificate-data'] = await readB64(path.resolve(cwd, o.clientCertificate));
      delete u['client-certificate'];
    } else {
      u['client-certificate'] = path.resolve(cwd, o.clientCertificate);
      delete u['client-certificate-data'];
    }
  }
  if (o.clientKey !== undefined) {
    if (o.embed) {
      u['client-key-data'] = await readB64(path.resolve(cwd, o.clientKey));
      delete u['client-key'];
    } else {
      u['client-key'] = path.resolve(cwd, o.clientKey);
      delete u['client-key-data'];
    }
  }
  if (o.token !== undefined) {
    u.token = o.token;
    setToken = o.token.length > 0;
  }
  if (o.username !== undefined) {
    u.username = o.username;
    setBasic ||= o.username.length > 0;
  }
  if (o.password !== undefined) {
    u.password = o.password;
    setBasic ||= o.password.length > 0;
  }
  if (o.authProvider !== undefined && (!u['auth-provider'] || u['auth-provider'].name !== o.authProvider)) {
    u['auth-provider'] = { name: o.authProvider };
  }
  const provider = u['auth-provider'];
  if (provider) {
    const config = { ...(provider.config ?? {}) };
    for (const k of o.authProviderArgsToRemove) delete config[k];
    for (const [k, v] of o.authProviderArgs) config[k] = v;
    provider.config = config;
  }
  if (o.execCommand !== undefined && (!u.exec || u.exec.command !== o.execCommand)) {
    u.exec = { command: o.execCommand, args: null, env: null };
  }
  const exec = u.exec;
  if (exec) {
    if (o.execApiVersion !== undefined) exec.apiVersion = o.execApiVersion;
    if (o.execArgs) exec.args = o.execArgs;
    const mode = o.execInteractiveMode; // checked in validate
    if (mode === 'Never' || mode === 'IfAvailable' || mode === 'Always') exec.interactiveMode = mode;
    if (o.execProvideClusterInfo !== undefined) exec.provideClusterInfo = o.execProvideClusterInfo;
    if (o.execEnvToRemove) exec.env = (exec.env ?? []).filter((e) => !o.execEnvToRemove!.includes(e.name));
    if (o.execEnv) {
      const env = exec.env ?? [];
      for (const [name, value] of o.execEnv) {
        const found = env.find((e) => e.name === name);
        if (found) found.value = value;
        else env.push({ name, value });
      }
      exec.env = env;
    }
  }
  // one credential kind at a time: a new token drops basic auth and vice versa
  if (setToken || setBasic) {
    if (!setToken) delete u.token;
    if (!setBasic) {
      delete u.username;
      delete u.password;
    }
  }
  return u;
}
