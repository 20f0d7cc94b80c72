import { describe, expect, test } from '@jest/globals';
import { formatRows, formatTabbed, KUBECTL_DESCRIBE_OPTIONS, runeCount, TabWriter } from '../../../src/printers/tabwriter.js';

describe('kubectl table layout (minwidth 6, padding 3)', () => {
  test('the observed `get pods` table (KUBECTL-REFERENCE §2.2)', () => {
    const rows = [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web-1', '1/1', 'Running', '0', '45s'],
      ['web-2', '1/1', 'Running', '0', '5m3s'],
      ['db-0', '1/1', 'Running', '3 (5m ago)', '3h1m'],
      ['job-x', '0/1', 'Completed', '0', '4d5h'],
      ['old', '1/1', 'Running', '0', '400d'],
    ];
    expect(formatRows(rows)).toBe(
      'NAME    READY   STATUS      RESTARTS     AGE\n' +
        'web-1   1/1     Running     0            45s\n' +
        'web-2   1/1     Running     0            5m3s\n' +
        'db-0    1/1     Running     3 (5m ago)   3h1m\n' +
        'job-x   0/1     Completed   0            4d5h\n' +
        'old     1/1     Running     0            400d\n',
    );
  });
  test('--no-headers: widths from data only', () => {
    expect(formatRows([['web-1', '1/1', 'Running', '0', '45s']])).toBe('web-1   1/1   Running   0     45s\n');
  });
  test('a one-character column still takes 6', () => {
    expect(formatTabbed('0\tweb-1\n')).toBe('0     web-1\n');
  });
  test('an empty last cell keeps the padding of the cell before (trailing tab)', () => {
    expect(formatTabbed('NAME\tAPP\nweb\t\n')).toBe('NAME   APP\nweb    \n');
  });
  test('a column empty in every row is minwidth wide', () => {
    expect(formatTabbed('a\t\tb\nc\t\td\n')).toBe('a           b\nc           d\n');
  });
  test('widths count code points, not display width', () => {
    expect(runeCount('日本😀')).toBe(3);
    expect(formatTabbed('日本語\tx\nab\ty\n')).toBe('日本語   x\nab    y\n');
  });
  test('lines without tabs break column blocks', () => {
    expect(formatTabbed('a\tb\n\nlonger-name\tc\n')).toBe('a     b\n\nlonger-name   c\n');
  });
  test('the same text written whole, a character at a time or in any pieces lays out the same (cell ends found in each piece)', () => {
    const text = 'NAME\tREADY\vSTATUS\n日本😀\t1/1\vRunning\n\nsolo line\nx\t\ty\fa\tb\nlast\tcell';
    const through = (pieces: string[]) => {
      const out: string[] = [];
      const w = new TabWriter((s) => out.push(s));
      for (const p of pieces) w.write(p);
      w.flush();
      return out.join('');
    };
    const whole = through([text]);
    expect(whole).toBe(formatTabbed(text));
    expect(through(Array.from(text))).toBe(whole);
    for (let cut = 0; cut <= text.length; cut++) expect(through([text.slice(0, cut), text.slice(cut)])).toBe(whole);
    expect(runeCount('plain ascii')).toBe(11);
    expect(runeCount('a\ud800b')).toBe(3);
  });
  test('text after the last newline is written at flush without a newline', () => {
    expect(formatTabbed('a\tb\nc\td')).toBe('a     b\nc     d');
  });
});

describe('streaming with remembered widths (watch)', () => {
  test('widths only grow across flushes', () => {
    const out: string[] = [];
    const w = new TabWriter((s) => out.push(s));
    w.write('NAME\tSTATUS\nweb-1\tRunning\n');
    w.flush();
    w.write('a-very-long-pod-name\tPending\n');
    w.flush();
    w.write('web-1\tRunning\n');
    w.flush();
    expect(out.join('')).toBe(
      'NAME    STATUS\nweb-1   Running\n' + 'a-very-long-pod-name   Pending\n' + 'web-1                  Running\n',
    );
    expect(w.rememberedWidths()).toEqual([23]);
  });
  test('setRememberedWidths resets for a new table', () => {
    const out: string[] = [];
    const w = new TabWriter((s) => out.push(s));
    w.write('a-long-name\tx\n');
    w.flush();
    w.setRememberedWidths([]);
    w.write('b\ty\n');
    w.flush();
    expect(out.join('')).toBe('a-long-name   x\nb     y\n');
  });
});

describe('describe / rollout history writer (minwidth 0, padding 2)', () => {
  test('layout', () => {
    expect(formatTabbed('REVISION\tCHANGE-CAUSE\n1\t<none>\n', KUBECTL_DESCRIBE_OPTIONS)).toBe('REVISION  CHANGE-CAUSE\n1         <none>\n');
    expect(formatTabbed('Name:\tweb\nNamespace:\tdefault\n', KUBECTL_DESCRIBE_OPTIONS)).toBe('Name:       web\nNamespace:  default\n');
  });
});
