import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { formatEndpointSlices } from '../../../src/describe/endpoint-slices.js';
import { formatGoTimeIn } from '../../../src/describe/go-time.js';
import { formatLabels, formatLabelSelector } from '../../../src/describe/label-format.js';
import { integerQuantityString, quantityFormat, quantityValue } from '../../../src/describe/quantity-format.js';
import { ipString, parseCsrPem } from '../../../src/describe/x509-request.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../e2e/fixtures/describe');

describe('label formats', () => {
  test('FormatLabelSelector sorts requirements by key and set values', () => {
    expect(
      formatLabelSelector({
        matchLabels: { id2: 'app2', id1: 'app1' },
        matchExpressions: [
          { key: 'foo2', operator: 'NotIn', values: ['bar2', 'bar1'] },
          { key: 'foo', operator: 'In', values: ['bar1', 'bar2'] },
          { key: 'a', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('a,foo in (bar1,bar2),foo2 notin (bar1,bar2),id1=app1,id2=app2,!z');
  });
  test('empty and nil selectors print <none>; a bad operator <error>', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toBe('<error>');
  });
  test('FormatLabels sorts whole "k=v" strings', () => {
    expect(formatLabels({ a: '1', 'a.b': '2' })).toBe('a.b=2,a=1');
    expect(formatLabels({})).toBe('<none>');
  });
});

describe('quantities (ResourceQuota used in the hard format)', () => {
  test('formats by suffix', () => {
    expect(quantityFormat('1Gi')).toBe('BinarySI');
    expect(quantityFormat('500m')).toBe('DecimalSI');
    expect(quantityFormat('1e3')).toBe('DecimalExponent');
    expect(quantityFormat(undefined)).toBe('');
  });
  test('Value rounds up; NewQuantity(...).String()', () => {
    expect(quantityValue('500m')).toBe(1n);
    expect(quantityValue('128Mi')).toBe(134217728n);
    expect(integerQuantityString(134217728n, 'DecimalSI')).toBe('134217728');
    expect(integerQuantityString(2000n, 'DecimalSI')).toBe('2k');
    expect(integerQuantityString(1500n, 'DecimalSI')).toBe('1500');
    expect(integerQuantityString(1000000000n, 'BinarySI')).toBe('1000000000');
    expect(integerQuantityString(1073741824n, 'BinarySI')).toBe('1Gi');
    expect(integerQuantityString(1000n, 'BinarySI')).toBe('1k');
    expect(integerQuantityString(0n, 'BinarySI')).toBe('0');
  });
});

describe('Go time.String()', () => {
  test('date, time, numeric offset and zone name', () => {
    const t = new Date('2017-06-04T21:45:56Z');
    expect(formatGoTimeIn(t, 0, 'UTC')).toBe('2017-06-04 21:45:56 +0000 UTC');
    expect(formatGoTimeIn(t, -420, 'PDT')).toBe('2017-06-04 14:45:56 -0700 PDT');
    expect(formatGoTimeIn(t, 330, 'IST')).toBe('2017-06-05 03:15:56 +0530 IST');
  });
});

describe('endpoint slices', () => {
  const slice = (addrs: Array<[string, boolean | undefined]>, ports: Array<[string, number]>) => ({
    ports: ports.map(([name, port]) => ({ name, port })),
    endpoints: addrs.map(([a, ready]) => ({ addresses: [a], conditions: ready === undefined ? {} : { ready } })),
  });
  test('ready endpoints of the named port, three at most', () => {
    const s = slice(
      [
        ['10.0.0.1', true],
        ['10.0.0.2', false],
        ['10.0.0.3', undefined],
        ['fd00::4', true],
        ['10.0.0.5', true],
      ],
      [['http', 8080], ['metrics', 9090]],
    );
    expect(formatEndpointSlices([s], new Set(['http']))).toBe('10.0.0.1:8080,10.0.0.3:8080,[fd00::4]:8080 + 1 more...');
    expect(formatEndpointSlices([], new Set(['http']))).toBe('<none>');
    expect(formatEndpointSlices([slice([['10.0.0.9', true]], [])])).toBe('10.0.0.9');
  });
});

describe('certificate requests', () => {
  test('subject and alternative names', () => {
    const cr = parseCsrPem(readFileSync(path.join(fixtures, 'csr-full.pem'), 'utf8'));
    expect(cr.subject).toEqual({
      commonName: 'web.example.com',
      serialNumber: 'SN-42',
      organization: ['Example Corp', 'Ops Team'],
      organizationalUnit: ['Platform'],
      country: ['DE'],
      locality: ['Berlin'],
      province: ['Berlin'],
      streetAddress: ['Main Street 1'],
      postalCode: ['10115'],
    });
    expect(cr.dnsNames).toEqual(['web.example.com', 'www.example.com']);
    expect(cr.ipAddresses).toEqual(['10.0.0.7', '2001:db8::1']);
    expect(cr.emailAddresses).toEqual(['ops@example.com']);
    expect(cr.uris).toEqual(['spiffe://example.com/ns/web']);
  });
  test('a PEM block of another type is refused with kubectl text', () => {
    expect(() => parseCsrPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow('PEM block type must be CERTIFICATE REQUEST');
  });
  test('IP strings as Go prints them', () => {
    expect(ipString(Buffer.from([10, 1, 2, 3]))).toBe('10.1.2.3');
    expect(ipString(Buffer.from('20010db8000000000000000000000001', 'hex'))).toBe('2001:db8::1');
    expect(ipString(Buffer.from('00000000000000000000ffff0a000001', 'hex'))).toBe('10.0.0.1');
    expect(ipString(Buffer.from('20010db8000100000001000000000001', 'hex'))).toBe('2001:db8:1:0:1::1');
  });
});
