/**
 * Acceptance for the local cluster's kubelet API (issue 12), with the reference
 * kubectl: `attach` streams what the pod's attach file gets after attaching
 * (kwok follows the file; stdin is not used).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';
import { createPods, givePodAttach, removePodFiles, startBackground, until, withoutStreamNotice } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-attach');
let append: (lines: string[]) => void;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, { tail: {} });
  append = await givePodAttach(NS, 'tail');
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
});

describe('kubectl attach against kwok', () => {
  test('streams the lines written after attaching', async () => {
    const a = startBackground(referenceKubectl!, ['-n', NS, 'attach', 'tail']);
    try {
      // kwok starts following at the end of the file once the stream is set up:
      // write numbered sync lines until one arrives, then the real ones.
      let n = 0;
      const sync = await until('the attach stream to deliver a line', async () => {
        append([`sync ${++n}`]);
        const m = /sync (\d+)\n/.exec(a.stdout);
        return m ? Number(m[1]) : undefined;
      }, 30_000);
      append(['attached line X', 'attached line Y']);
      await a.waitForOutput(/attached line Y\n/);
      const after = a.stdout.slice(a.stdout.indexOf(`sync ${sync}\n`));
      expect(after.replace(/^(sync \d+\n)+/, '')).toBe('attached line X\nattached line Y\n');
      // client-go may log that it discarded a frame for a stream it did not open (see withoutStreamNotice)
      expect(withoutStreamNotice(a.stderr)).toBe("If you don't see a command prompt, try pressing enter.\n");
    } finally {
      await a.stop();
    }
  });
});
