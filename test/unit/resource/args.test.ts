import { describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseResourceArgs, resolveResourceArgs, resolveResources, NO_RESOURCES_MESSAGE } from '../../../src/resource/index.js';
import { fakeContext } from '../../helpers/fake-io.js';
import { fakeClients } from './fake-clients.js';
import { tempDir } from '../../helpers/temp.js';

const summary = (infos: Array<{ mapping: { resource: string; group: string }; namespace: string; name: string }>) =>
  infos.map((i) => `${i.mapping.group ? `${i.mapping.resource}.${i.mapping.group}` : i.mapping.resource}|${i.namespace}|${i.name}`);

const SLASH_MIX =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'ktl get resource/<resource_name>' instead of 'ktl get resource resource/<resource_name>'";

describe('parseResourceArgs', () => {
  test('TYPE, TYPE NAME..., TYPE/NAME..., TYPE1,TYPE2 NAME', () => {
    expect(parseResourceArgs(['pods'])).toEqual({ tuples: [], types: ['pods'], names: [] });
    expect(parseResourceArgs(['pods', 'a', 'b'])).toEqual({ tuples: [], types: ['pods'], names: ['a', 'b'] });
    expect(parseResourceArgs(['po/a', 'svc/b'])).toEqual({ tuples: [{ type: 'po', name: 'a' }, { type: 'svc', name: 'b' }], types: [], names: [] });
    expect(parseResourceArgs(['pods,svc,pods'])).toEqual({ tuples: [], types: ['pods', 'svc'], names: [] });
    // several types with names: every type with every name, type-major
    expect(parseResourceArgs(['pods,svc', 'x', 'y']).tuples).toEqual([
      { type: 'pods', name: 'x' }, { type: 'pods', name: 'y' }, { type: 'svc', name: 'x' }, { type: 'svc', name: 'y' },
    ]);
  });

  test('kubectl usage errors', () => {
    expect(() => parseResourceArgs(['pods', 'foo/bar'])).toThrow(SLASH_MIX);
    expect(() => parseResourceArgs(['pods/foo', 'svc'])).toThrow(SLASH_MIX);
    expect(() => parseResourceArgs(['a/b/c'])).toThrow('arguments in resource/name form may not have more than one slash');
    expect(() => parseResourceArgs(['/foo'])).toThrow('arguments in resource/name form must have a single resource and name');
    expect(() => parseResourceArgs(['pods,', 'x'])).toThrow('arguments in resource/name form must have a single resource and name');
    expect(() => parseResourceArgs(['pods', 'foo/bar'], 'kubectl')).toThrow("(e.g. 'kubectl get resource/<resource_name>'");
  });
});

describe('resolveResourceArgs', () => {
  const base = { namespace: 'dev' };

  test('lists: namespaced types get the namespace, cluster-scoped ones do not; -A clears it', async () => {
    const c = fakeClients();
    expect(summary(await resolveResourceArgs(c, ['po,ns,deployments.apps'], base))).toEqual(['pods|dev|', 'namespaces||', 'deployments.apps|dev|']);
    expect(summary(await resolveResourceArgs(c, ['pods'], { ...base, allNamespaces: true }))).toEqual(['pods||']);
  });

  test('categories expand (all) and duplicates are dropped', async () => {
    const c = fakeClients();
    expect(summary(await resolveResourceArgs(c, ['all,pods'], base))).toEqual(['pods|dev|', 'services|dev|', 'deployments.apps|dev|']);
  });

  test('names, TYPE/NAME and CRD short names', async () => {
    const c = fakeClients();
    expect(summary(await resolveResourceArgs(c, ['wd', 'a', 'b'], base))).toEqual(['widgets.example.com|dev|a', 'widgets.example.com|dev|b']);
    expect(summary(await resolveResourceArgs(c, ['ns/default', 'deploy/web'], base))).toEqual(['namespaces||default', 'deployments.apps|dev|web']);
  });

  test('errors with kubectl wording', async () => {
    const c = fakeClients();
    await expect(resolveResourceArgs(c, ['foo'], base)).rejects.toThrow('the server doesn\'t have a resource type "foo"');
    await expect(resolveResourceArgs(c, [], base)).rejects.toThrow(NO_RESOURCES_MESSAGE);
    await expect(resolveResourceArgs(c, ['pods', 'x'], { ...base, selector: 'a=b' })).rejects.toThrow('name cannot be provided when a selector is specified');
    await expect(resolveResourceArgs(c, ['pods/x'], { ...base, fieldSelector: 'a=b' })).rejects.toThrow(
      'selectors and the all flag cannot be used when passing resource/name arguments',
    );
    await expect(resolveResourceArgs(c, ['pods', 'x'], { ...base, allNamespaces: true })).rejects.toThrow(
      'a resource cannot be retrieved by name across all namespaces',
    );
    await expect(resolveResourceArgs(c, ['all', 'x'], base)).rejects.toThrow('you must specify only one resource');
    await expect(resolveResourceArgs(c, ['pods'], { ...base, filenames: ['x.yaml'] })).rejects.toThrow(
      'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
    );
  });

  test('-f manifests map through forKind; namespace from the object, else the request', async () => {
    const dir = await tempDir('ktl-res-');
    await writeFile(
      path.join(dir, 'm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: other\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n1\n',
    );
    const { ctx } = fakeContext({ cwd: dir });
    const infos = await resolveResourceArgs(fakeClients(), [], { ...base, filenames: ['m.yaml'], ctx });
    expect(summary(infos)).toEqual(['configmaps|other|a', 'deployments.apps|dev|web', 'namespaces||n1']);
    expect(infos.map((i) => [i.source, i.docIndex])).toEqual([['m.yaml', 0], ['m.yaml', 1], ['m.yaml', 2]]);
    expect(infos[1]!.object?.kind).toBe('Deployment');
    await expect(resolveResourceArgs(fakeClients(), [], { ...base, filenames: ['m.yaml'], ctx, enforceNamespace: true })).rejects.toThrow(
      `the namespace from the provided object "other" does not match the namespace "dev". You must pass '--namespace=other' to perform this operation.`,
    );
  });

  test('-f with an unknown kind: reported per object after one discovery refresh, others still resolve', async () => {
    const dir = await tempDir('ktl-res-');
    await writeFile(path.join(dir, 'multi.yaml'), 'apiVersion: example.com/v2\nkind: Gadget\nmetadata:\n  name: w1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    const { ctx } = fakeContext({ cwd: dir });
    const c = fakeClients();
    const r = await resolveResources(c, [], { namespace: 'default', filenames: ['multi.yaml'], ctx });
    expect(summary(r.infos)).toEqual(['configmaps|default|c']);
    expect(r.errors.map((e) => e.message)).toEqual([
      'resource mapping not found for name: "w1" namespace: "" from "multi.yaml": no matches for kind "Gadget" in version "example.com/v2"\nensure CRDs are installed first',
    ]);
    expect(c.refreshes).toBe(1);
  });
});
