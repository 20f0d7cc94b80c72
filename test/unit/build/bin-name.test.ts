/**
 * The name ktl calls itself (bin/load-cli.js binNameOf): kubectl's when it is
 * installed under that name, so a drop-in replacement's help, errors,
 * User-Agent (the server's default field manager) and change causes say
 * kubectl; ktl under any other name.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDirSync } from '../../helpers/temp.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { binNameOf } = createRequire(import.meta.url)(path.join(repoRoot, 'bin/load-cli.js')) as { binNameOf: (script: string | undefined) => string };

describe('binNameOf', () => {
  test.each([
    ['/usr/local/bin/kubectl', 'kubectl'],
    ['/opt/ktl/bin/kubectl.js', 'kubectl'],
    ['/x/kubectl.cjs', 'kubectl'],
    ['/usr/local/bin/ktl', 'ktl'],
    ['/repo/bin/ktl.js', 'ktl'],
    ['/x/kubectl.1.33', 'ktl'],
    ['/x/k', 'ktl'],
    [undefined, 'ktl'],
  ])('%s: %s', (script, name) => {
    expect(binNameOf(script)).toBe(name);
  });

  test('a link named kubectl to the launcher: the unknown-command error names kubectl', () => {
    const dir = tempDirSync('ktl-bin-name-');
    symlinkSync(path.join(repoRoot, 'bin/ktl.js'), path.join(dir, 'kubectl'));
    symlinkSync(path.join(repoRoot, 'bin/ktl.js'), path.join(dir, 'ktl'));
    const run = (name: string) => spawnSync(process.execPath, [path.join(dir, name), 'nosuchcommand'], { encoding: 'utf8', env: { PATH: '/nonexistent', HOME: dir } });
    expect(run('kubectl')).toMatchObject({ status: 1, stderr: 'error: unknown command "nosuchcommand" for "kubectl"\n' });
    expect(run('ktl')).toMatchObject({ status: 1, stderr: 'error: unknown command "nosuchcommand" for "ktl"\n' });
  });
});
