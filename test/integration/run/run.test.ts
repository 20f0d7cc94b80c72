/**
 * `ktl run --dry-run=client` needs no server (kubectl's needs discovery):
 * the objects printed are the ones kubectl 1.33 prints (recorded below; the
 * e2e suite compares with kubectl live).
 */
import { describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';

const offline = (...args: string[]) => runKtl(args, { env: { KUBECONFIG: '/dev/null', HOME: '/nonexistent' } });

describe('run --dry-run=client offline', () => {
  test('the default pod', async () => {
    expect(await offline('run', 'x', '--image=nginx', '--dry-run=client', '-o', 'yaml')).toEqual({
      code: 0,
      stderr: '',
      stdout: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: x
  name: x
spec:
  containers:
  - image: nginx
    name: x
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`,
    });
  });

  test('--expose: the service first, kubectl\'s doubled separator, then the pod', async () => {
    const r = await offline('run', 'x', '--image=nginx', '--expose', '--port=80', '--dry-run=client', '-o', 'yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apiVersion: v1\nkind: Service\n[\s\S]*  selector:\n    run: x\nstatus:\n  loadBalancer: \{\}\n---\n---\napiVersion: v1\nkind: Pod\n/);
    expect((await offline('run', 'x', '--image=nginx', '--expose', '--port=80', '--dry-run=client')).stdout).toBe(
      'service/x created (dry run)\npod/x created (dry run)\n',
    );
  });

  test.each([
    [['--image-pull-policy=Foo'], 'invalid image pull policy: Foo'],
    [['--rm'], '--rm should only be used for attached containers'],
    [['--restart=Foo', '--rm'], 'invalid restart policy: Foo'],
    [['-t'], '-i/--stdin is required for containers with -t/--tty=true'],
  ])('kubectl\'s checks, in its order: %j', async (flags, message) => {
    expect(await offline('run', 'p1', '--image=nginx', ...flags, '--dry-run=client', '-o', 'yaml')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${message}\nSee 'ktl run -h' for help and examples\n`,
    });
  });

  test.each([
    ['json', '["a":1]', "invalid character ':' after array element"],
    ['json', '{', 'unexpected end of JSON input'],
    ['strategic', '"spec":1', 'invalid JSON document'],
    ['json', '[{"op":"remove","path":"/spec/nope"}]', "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value"],
    ['json', '[{"op":"remove","path":"/spec/containers/5"}]', "error in remove for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced"],
    ['json', '[{"op":"remove","path":"/spec/x/5"}]', 'remove operation does not apply: doc is missing path: "/spec/x/5": missing value'],
  ])('--override-type=%s --overrides=%s: kubectl\'s error', async (type, overrides, message) => {
    expect(await offline('run', 'p1', '--image=nginx', `--override-type=${type}`, `--overrides=${overrides}`, '--dry-run=client', '-o', 'yaml')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${message}\n`,
    });
  });

  test('--rm without attaching is refused with kubectl\'s text before any request', async () => {
    expect((await offline('run', 'x', '--image=nginx', '--rm')).stderr).toBe("error: --rm should only be used for attached containers\nSee 'ktl run -h' for help and examples\n");
  });
});
