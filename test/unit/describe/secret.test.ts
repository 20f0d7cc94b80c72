/**
 * describe secret: every value by its size, except the `token` of a
 * kubernetes.io/service-account-token secret, which kubectl prints in clear.
 */
import { describe, expect, test } from '@jest/globals';
import { renderSecret } from '../../../src/describe/kinds/secret.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('describe secret data', () => {
  test('a service-account-token secret shows its token in clear, the other keys by size', () => {
    const out = renderSecret({
      metadata: { name: 'sat', namespace: 'ns' },
      type: 'kubernetes.io/service-account-token',
      data: { 'ca.crt': b64('x'.repeat(603)), namespace: b64('fx-f-1'), token: b64('eyJhbGciOi.abc.def') },
    });
    expect(out).toBe(
      'Name:         sat\nNamespace:    ns\nLabels:       <none>\nAnnotations:  <none>\n\nType:  kubernetes.io/service-account-token\n\nData\n====\n' +
        'ca.crt:     603 bytes\nnamespace:  6 bytes\ntoken:      eyJhbGciOi.abc.def\n',
    );
  });
  test('a token key of any other type is shown by size', () => {
    const out = renderSecret({ metadata: { name: 's', namespace: 'ns' }, type: 'Opaque', data: { token: b64('secret') } });
    expect(out).toContain('\ntoken:  6 bytes\n');
  });
});
