import { describe, expect, test } from '@jest/globals';
import { describeEvents, eventFieldSelector, eventInterval, type CoreEvent } from '../../../src/describe/events.js';
import {
  formatRFC1123Z,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  printTolerationsMultiline,
} from '../../../src/describe/format.js';
import { camelSplit, renderGeneric, smartLabelFor } from '../../../src/describe/generic.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, NestedPrefixWriter, tabbedString } from '../../../src/describe/prefix-writer.js';

const NOW = new Date('2026-12-04T12:00:00Z');

describe('prefix writer', () => {
  test('levels indent by two spaces; tab cells align per block (padding 2)', () => {
    const out = tabbedString((w) => {
      w.write(LEVEL_0, 'Name:\tweb\n');
      w.write(LEVEL_0, 'Namespace:\tdefault\n');
      w.write(LEVEL_0, 'Containers:\n');
      w.write(LEVEL_1, 'a:\n');
      w.write(LEVEL_1, 'Image:\tnginx\n');
    });
    expect(out).toBe('Name:       web\nNamespace:  default\nContainers:\n  a:\n  Image:  nginx\n');
  });
  test('terminal escapes are neutralised', () => {
    expect(tabbedString((w) => w.write(LEVEL_0, 'X:\t\x1b[31mred\r\n'))).toBe('X:  ^[[31mred\\r\n');
  });
  test('flush starts a new alignment block', () => {
    const w = new DescribeWriter();
    w.write(LEVEL_0, 'A:\tx\n');
    w.flush();
    w.write(LEVEL_0, 'Longer:\ty\n');
    expect(w.toString()).toBe('A:  x\nLonger:  y\n');
  });
  test('nested writer shifts levels and indents writeLine', () => {
    const out = tabbedString((w) => {
      const n = new NestedPrefixWriter(w, 2);
      n.write(LEVEL_0, 'K:\tv\n');
      n.writeLine('a', 1);
    });
    expect(out).toBe('    K:  v\n    a 1\n');
  });
});

describe('shared sections', () => {
  test('labels: sorted, continuation lines, <none>', () => {
    const out = tabbedString((w) => {
      printLabelsMultiline(w, 'Labels', { b: '2', a: '1' });
      printLabelsMultiline(w, 'Selector', {});
    });
    expect(out).toBe('Labels:    a=1\n           b=2\nSelector:  <none>\n');
  });
  test('annotations: last-applied skipped, long and multi-line values on their own lines', () => {
    const out = tabbedString((w) =>
      printAnnotationsMultiline(w, 'Annotations', {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        short: 'v',
        multi: 'l1\nl2\n',
        long: 'x'.repeat(200),
      }),
    );
    expect(out).toBe(
      'Annotations:  long:\n' +
        `                ${'x'.repeat(138)}...\n` +
        '              multi:\n                l1\n                l2\n' +
        '              short: v\n',
    );
  });
  test('taints and tolerations', () => {
    const out = tabbedString((w) => {
      printTaintsMultiline(w, 'Taints', [
        { key: 'b', effect: 'NoSchedule' },
        { key: 'a', value: 'v', effect: 'NoExecute' },
      ]);
      printTolerationsMultiline(w, 'Tolerations', [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { operator: 'Exists' },
        { key: 'k', operator: 'Equal', value: 'v' },
      ]);
    });
    expect(out).toBe(
      'Taints:       a=v:NoExecute\n' +
        '              b:NoSchedule\n' +
        'Tolerations:  op=Exists\n' +
        '              k=v\n' +
        '              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n',
    );
  });
  test('RFC 1123 with numeric zone', () => {
    const d = new Date('2026-01-02T03:04:05Z');
    const s = formatRFC1123Z(d);
    expect(s).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} 2026 \d\d:\d\d:05 [+-]\d{4}$/);
    if (d.getTimezoneOffset() === 0) expect(s).toBe('Fri, 02 Jan 2026 03:04:05 +0000');
  });
});

describe('events', () => {
  const ev = (o: Partial<CoreEvent>): CoreEvent => ({ type: 'Normal', reason: 'R', message: 'm', source: { component: 'c' }, ...o });
  test('field selector as client-go builds it', () => {
    expect(eventFieldSelector({ kind: 'Pod', name: 'a', namespace: 'ns', uid: 'u' })).toBe(
      'involvedObject.kind=Pod,involvedObject.name=a,involvedObject.namespace=ns,involvedObject.uid=u',
    );
    expect(eventFieldSelector({ name: 'n1', namespace: '' })).toBe('involvedObject.name=n1,involvedObject.namespace=');
  });
  test('ages: single, counted, series', () => {
    expect(eventInterval(ev({ firstTimestamp: '2026-12-04T11:55:00Z', lastTimestamp: '2026-12-04T11:55:00Z', count: 1 }), NOW)).toBe('5m');
    expect(eventInterval(ev({ firstTimestamp: '2026-12-04T11:50:00Z', lastTimestamp: '2026-12-04T11:58:00Z', count: 4 }), NOW)).toBe(
      '2m (x4 over 10m)',
    );
    expect(
      eventInterval(ev({ eventTime: '2026-12-04T11:00:00.000000Z', series: { count: 7, lastObservedTime: '2026-12-04T11:59:30.000000Z' } }), NOW),
    ).toBe('30s (x7 over 60m)');
    expect(eventInterval(ev({}), NOW)).toBe('<unknown>');
  });
  test('table sorted by last timestamp, aligned on its own', () => {
    const out = tabbedString((w) => {
      w.write(LEVEL_0, 'A long field name:\tv\n');
      describeEvents(
        w,
        [
          ev({ reason: 'Second', lastTimestamp: '2026-12-04T11:59:00Z', firstTimestamp: '2026-12-04T11:59:00Z', message: ' msg2 \n' }),
          ev({ type: 'Warning', reason: 'First', lastTimestamp: '2026-12-04T11:58:00Z', firstTimestamp: '2026-12-04T11:58:00Z', source: {}, reportingComponent: 'rc' }),
        ],
        NOW,
      );
    });
    expect(out).toBe(
      'A long field name:  v\n' +
        'Events:\n' +
        '  Type     Reason  Age   From  Message\n' +
        '  ----     ------  ----  ----  -------\n' +
        '  Warning  First   2m    rc    m\n' +
        '  Normal   Second  60s   c     msg2\n',
    );
    expect(tabbedString((w) => describeEvents(w, [], NOW))).toBe('Events:  <none>\n');
  });
});

describe('generic describer', () => {
  test('smart labels', () => {
    expect(camelSplit('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(smartLabelFor('creationTimestamp')).toBe('Creation Timestamp');
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('podCIDR')).toBe('Pod CIDR');
    expect(smartLabelFor('foo-bar')).toBe('Foo - Bar');
    expect(smartLabelFor('v1beta1')).toBe('v1beta1');
    expect(smartLabelFor('x.y')).toBe('x.y');
  });
  test('an object field by field', () => {
    const out = renderGeneric(
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: 'ns', uid: 'u1', generation: 2, labels: { a: 'b' }, managedFields: [{}] },
        spec: { size: 3, ratio: 0.5, on: true, none: null, tags: ['x', 1], items: [{ name: 'i1', port: 80 }], nested: { deep: { k: 'v' } }, empty: {} },
      },
      [],
      NOW,
    );
    expect(out).toBe(
      'Name:         w\n' +
        'Namespace:    ns\n' +
        'Labels:       a=b\n' +
        'Annotations:  <none>\n' +
        'API Version:  example.com/v1\n' +
        'Kind:         Widget\n' +
        'Metadata:\n' +
        '  Generation:  2\n' +
        '  UID:         u1\n' +
        'Spec:\n' +
        '  Empty:\n' +
        '  Items:\n' +
        '    Name:  i1\n' +
        '    Port:  80\n' +
        '  Nested:\n' +
        '    Deep:\n' +
        '      K:  v\n' +
        '  None:   <nil>\n' +
        '  On:     true\n' +
        '  Ratio:  0.5\n' +
        '  Size:   3\n' +
        '  Tags:\n' +
        '    x\n' +
        '    1\n' +
        'Events:  <none>\n',
    );
  });
});
