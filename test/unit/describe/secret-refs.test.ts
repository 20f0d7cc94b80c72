/**
 * Secret references in volume sources print as kubectl prints them: Go's %v
 * of the API type's pointer, i.e. its generated String()
 * ("&LocalObjectReference{Name:chap,}" in a pod, "&SecretReference{...}" in
 * a PersistentVolume), and "nil" when unset. Expected text is kubectl.1.33's.
 */
import { describe, expect, test } from '@jest/globals';
import { tabbedString } from '../../../src/describe/prefix-writer.js';
import { printPersistentVolumeSource } from '../../../src/describe/pv-sources.js';
import { describeVolumes } from '../../../src/describe/volumes.js';

function secretRefLines(text: string): string[] {
  return text.split('\n').filter((l) => l.includes('SecretRef:')).map((l) => l.trim().replace(/:\s+/, ':  '));
}

describe('pod volume secret references', () => {
  const kinds: Array<[string, Record<string, unknown>]> = [
    ['iscsi', { targetPortal: '1.2.3.4:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 }],
    ['rbd', { monitors: ['a'], image: 'img' }],
    ['cephfs', { monitors: ['a'] }],
    ['flexVolume', { driver: 'd' }],
    ['cinder', { volumeID: 'v' }],
  ];
  test.each(kinds)('%s: &LocalObjectReference{Name:...,} when set, nil when unset', (kind, source) => {
    const volumes = [
      { name: 'set', [kind]: { ...source, secretRef: { name: 'chap' } } },
      { name: 'unset', [kind]: source },
    ];
    const out = tabbedString((w) => describeVolumes(volumes, w, ''));
    expect(secretRefLines(out)).toEqual(['SecretRef:  &LocalObjectReference{Name:chap,}', 'SecretRef:  nil']);
  });
  test('the whole iscsi block as kubectl writes it', () => {
    const out = tabbedString((w) =>
      describeVolumes([{ name: 'isc', iscsi: { targetPortal: '1.2.3.4:3260', iqn: 'iqn.x', lun: 0, iscsiInterface: 'default', secretRef: { name: 'chap' } } }], w, ''),
    );
    expect(out).toContain('    SecretRef:          &LocalObjectReference{Name:chap,}\n    InitiatorName:      <none>\n');
  });
});

describe('persistent volume secret references', () => {
  const kinds: Array<[string, Record<string, unknown>]> = [
    ['iscsi', { targetPortal: '1.2.3.4:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 }],
    ['rbd', { monitors: ['a'], image: 'img' }],
    ['cephfs', { monitors: ['a'] }],
    ['flexVolume', { driver: 'd' }],
    ['cinder', { volumeID: 'v' }],
  ];
  test.each(kinds)('%s: &SecretReference{Name:...,Namespace:...,} when set, nil when unset', (kind, source) => {
    const set = tabbedString((w) => printPersistentVolumeSource(w, { [kind]: { ...source, secretRef: { name: 'a', namespace: 'b' } } }));
    const unset = tabbedString((w) => printPersistentVolumeSource(w, { [kind]: source }));
    expect(secretRefLines(set)).toEqual(['SecretRef:  &SecretReference{Name:a,Namespace:b,}']);
    expect(secretRefLines(unset)).toEqual(['SecretRef:  nil']);
  });
});
