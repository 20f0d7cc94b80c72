import { describe, expect, test } from '@jest/globals';
import { decorateTable, defaultTable, formatCell, formatLabels, ServerTablePrinter, tableLines, type Table, type TableOptions } from '../../../src/printers/table.js';
import { TabWriter } from '../../../src/printers/tabwriter.js';
import { TableColorizer } from '../../../src/printers/color.js';

const podTable = (rows: Array<[string, string, Record<string, string>?, string?]>): Table => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Status', type: 'string', format: '', priority: 0 },
    { name: 'Node', type: 'string', format: '', priority: 1 },
  ],
  rows: rows.map(([name, status, labels, ns]) => ({
    cells: [name, status, 'node-1'],
    object: { kind: 'PartialObjectMetadata', metadata: { name, namespace: ns ?? 'default', ...(labels ? { labels } : {}) } },
  })),
});

const base: TableOptions = { wide: false, noHeaders: false, withNamespace: false, showLabels: false, labelColumns: [] };

function render(tables: Table[], o: Partial<TableOptions> = {}): string {
  let text = '';
  const w = new TabWriter((s) => (text += s));
  const p = new ServerTablePrinter(w, { ...base, ...o });
  for (const t of tables) p.print(t);
  w.flush();
  return text;
}

describe('server table printing', () => {
  test('priority columns only with wide; headers upper-cased', () => {
    const t = podTable([['web-1', 'Running']]);
    expect(render([t])).toBe('NAME    STATUS\nweb-1   Running\n');
    expect(render([t], { wide: true })).toBe('NAME    STATUS    NODE\nweb-1   Running   node-1\n');
  });

  test('-A adds NAMESPACE first; kind prefixes the name column; -L and --show-labels append', () => {
    const t = podTable([['web-1', 'Running', { app: 'web', 'app.kubernetes.io/tier': 'fe' }, 'dev'], ['db', 'Pending', undefined, 'prod']]);
    expect(render([t], { withNamespace: true, kind: 'pod', labelColumns: ['app.kubernetes.io/tier', 'app'], showLabels: true })).toBe(
      'NAMESPACE   NAME        STATUS    TIER   APP   LABELS\n' +
        'dev         pod/web-1   Running   fe     web   app=web,app.kubernetes.io/tier=fe\n' +
        'prod        pod/db      Pending                <none>\n',
    );
  });

  test('header once across pages with the same columns; none for empty tables; --no-headers', () => {
    const p1 = podTable([['a', 'Running']]);
    const p2 = podTable([['bbbbbbbbbb', 'Running']]);
    expect(render([podTable([]), p1, p2])).toBe('NAME         STATUS\na            Running\nbbbbbbbbbb   Running\n');
    // minimum width 6, padding included
    expect(render([p1], { noHeaders: true })).toBe('a     Running\n');
    expect(render([podTable([])])).toBe('');
  });

  test('watch events without column definitions reuse the last ones; EVENT column first', () => {
    const ev: Table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', rows: podTable([['c', 'Pending']]).rows };
    let text = '';
    const w = new TabWriter((s) => (text += s));
    const p = new ServerTablePrinter(w, { ...base, withNamespace: true });
    p.print(podTable([['a', 'Running']]), { eventType: 'ADDED' });
    w.flush();
    p.print(ev, { eventType: 'MODIFIED' });
    w.flush();
    expect(text).toBe('EVENT      NAMESPACE   NAME   STATUS\nADDED      default     a      Running\nMODIFIED   default     c      Pending\n');
  });

  test('cells: line breaks truncate with ..., numbers and booleans as Go prints them, nil empty, ESC escaped', () => {
    expect(formatCell('a\nb')).toBe('a...');
    expect(formatCell(3)).toBe('3');
    expect(formatCell(true)).toBe('true');
    expect(formatCell(null)).toBe('');
    expect(formatCell('x\x1by')).toBe('x^[y');
  });

  test('labels sorted; rows without an object get empty decorations', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    const t: Table = { columnDefinitions: [{ name: 'Name', type: 'string', format: 'name' }], rows: [{ cells: ['x'] }] };
    expect(decorateTable(t, { ...base, withNamespace: true, showLabels: true }).rows).toEqual([[undefined, 'x', undefined]]);
    expect(tableLines(t, { ...base, withNamespace: true, showLabels: true }, true)).toEqual({ header: 'NAMESPACE\tNAME\tLABELS', rows: ['\tx\t'] });
  });

  test('client-side NAME/AGE fallback', () => {
    const now = new Date('2026-01-01T01:00:00Z');
    const t = defaultTable([{ metadata: { name: 'a', creationTimestamp: '2026-01-01T00:54:57Z' } }, { metadata: { name: 'b' } }], now);
    expect(render([t])).toBe('NAME   AGE\na      5m3s\nb      <unknown>\n');
  });

  test('colour is applied after layout: widths unchanged, header dim, status words coloured', () => {
    const c = new TableColorizer();
    let text = '';
    const w = new TabWriter((s) => (text += c.colorize(s)));
    const p = new ServerTablePrinter(w, base, c.noteLine);
    p.print(podTable([['a', 'Running'], ['b', 'CrashLoopBackOff']]));
    w.flush();
    expect(text).toBe(
      '\x1b[2mNAME   STATUS\x1b[22m\n' + 'a      \x1b[32mRunning\x1b[39m\n' + 'b      \x1b[31mCrashLoopBackOff\x1b[39m\n',
    );
  });
});
