/** `create token SA`: a TokenRequest for a service account (kubectl's checks, texts and output). */
import { mapAt, stringAt } from '../codec/value.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { compactJson } from '../codec/json.js';
import { resourcePath } from '../client/rest.js';
import { ConnectionError, KtlError, messageOf } from '../errors.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import { ObjectOutput } from '../mutate/output.js';
import type { KubeObject } from '../resource/types.js';

export const BOUND_OBJECT_KINDS: Record<string, string> = { Node: 'v1', Pod: 'v1', Secret: 'v1' };

export interface TokenOptions {
  ctx: Context;
  factory: Factory;
  print: PrintOptions;
  /** -o was given */
  outputSet: boolean;
  name: string;
  audiences: string[];
  /** ms, already checked to be whole seconds */
  durationMs: number;
  boundObjectKind: string;
  boundObjectName: string;
  boundObjectUid: string;
}

export function validateToken(o: Omit<TokenOptions, 'ctx' | 'factory' | 'print' | 'outputSet'>): void {
  if (!o.name) throw new KtlError('service account name is required');
  if (o.durationMs < 0) throw new KtlError('--duration must be greater than or equal to 0');
  if (o.durationMs % 1000 !== 0) throw new KtlError('--duration cannot be expressed in units less than seconds');
  if (o.audiences.some((a) => a === '')) throw new KtlError('--audience must not be an empty string');
  if (!o.boundObjectKind) {
    if (o.boundObjectName) throw new KtlError('--bound-object-name can only be set if --bound-object-kind is provided');
    if (o.boundObjectUid) throw new KtlError('--bound-object-uid can only be set if --bound-object-kind is provided');
  } else {
    if (!(o.boundObjectKind in BOUND_OBJECT_KINDS)) throw new KtlError(`supported --bound-object-kind values are ${Object.keys(BOUND_OBJECT_KINDS).sort().join(', ')}`);
    if (!o.boundObjectName) throw new KtlError('--bound-object-name is required if --bound-object-kind is provided');
  }
}

export async function runToken(o: TokenOptions): Promise<number> {
  try {
    const { namespace } = await o.factory.namespace();
    const spec: Record<string, unknown> = { audiences: o.audiences.length ? o.audiences : null };
    if (o.durationMs > 0) spec.expirationSeconds = o.durationMs / 1000;
    if (o.boundObjectKind) {
      const ref: Record<string, unknown> = { kind: o.boundObjectKind, apiVersion: BOUND_OBJECT_KINDS[o.boundObjectKind], name: o.boundObjectName };
      if (o.boundObjectUid) ref.uid = o.boundObjectUid;
      spec.boundObjectRef = ref;
    }
    const body = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec };
    const clients = await o.factory.clients();
    const path = `${resourcePath({ group: '', version: 'v1', resource: 'serviceaccounts' }, { namespace, name: o.name })}/token`;
    let res: KubeObject;
    try {
      res = await clients.rest.create<KubeObject>(path, compactJson(body, { sortKeys: false }));
    } catch (err) {
      throw new KtlError(`failed to create token: ${err instanceof ConnectionError ? err.urlErrorText : messageOf(err)}`);
    }
    const token = stringAt(mapAt(res, 'status'), 'token') ?? '';
    if (!token) throw new KtlError('failed to create token: no token in server response');
    if (o.outputSet) {
      const obj: KubeObject = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', ...res };
      // kubectl's typed client decodes the answer: printed in the struct's field order
      await write(o.ctx.io.out, await new ObjectOutput(o.print, o.ctx.cwd, 'none').render(obj, 'created', true));
      return 0;
    }
    // the token alone; a newline only for a terminal, as kubectl
    await write(o.ctx.io.out, o.ctx.io.isTTY ? `${token}\n` : token);
    return 0;
  } finally {
    o.factory.close();
  }
}
