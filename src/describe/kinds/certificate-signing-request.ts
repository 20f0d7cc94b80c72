/**
 * CertificateSigningRequest (certificates.k8s.io/v1): requester, signer,
 * requested duration, status (Approved/Denied/Pending, Failed, Issued)
 * and the subject and alternative names decoded from the PEM request.
 */
import { humanDuration } from '../../printers/age.js';
import { KtlError } from '../../errors.js';
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { timeRFC1123Z } from '../format.js';
import { formatLabels } from '../label-format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';
import { parseCsrPem, type CertificateRequest } from '../x509-request.js';

export interface CSR extends Described {
  spec?: { request?: string; signerName?: string; expirationSeconds?: number | null; username?: string };
  status?: { conditions?: Array<{ type?: string }> | null; certificate?: string | null };
}

/** extractCSRStatus */
export function csrStatus(conditionTypes: string[], certificate: string | null | undefined): string {
  let status = conditionTypes.includes('Denied') ? 'Denied' : conditionTypes.includes('Approved') ? 'Approved' : 'Pending';
  if (conditionTypes.includes('Failed')) status += ',Failed';
  if (certificate) status += ',Issued';
  return status;
}

function printList(w: PrefixWriter, prefix: string, name: string, values: string[]): void {
  if (values.length === 0) return;
  w.write(LEVEL_0, `${prefix}${name}:\t`);
  w.write(LEVEL_0, values.join(`\n${prefix}\t`));
  w.write(LEVEL_0, '\n');
}

function parseRequest(base64: string | undefined): CertificateRequest {
  try {
    return parseCsrPem(Buffer.from(base64 ?? '', 'base64').toString('latin1'));
  } catch (err) {
    throw new KtlError(`Error parsing CSR: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function renderCSR(csr: CSR, events: CoreEvent[] | undefined, now: Date): string {
  const cr = parseRequest(csr.spec?.request);
  const md = metaOf(csr);
  const spec = csr.spec ?? {};
  const status = csrStatus((csr.status?.conditions ?? []).map((c) => c.type ?? ''), csr.status?.certificate);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Labels:\t${formatLabels(md.labels)}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(md.annotations)}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${timeRFC1123Z(md.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Requesting User:\t${spec.username ?? ''}\n`);
  if (spec.signerName) w.write(LEVEL_0, `Signer:\t${spec.signerName}\n`);
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null) {
    w.write(LEVEL_0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
  }
  w.write(LEVEL_0, `Status:\t${status}\n`);
  const s = cr.subject;
  w.write(LEVEL_0, 'Subject:\n');
  w.write(LEVEL_0, `\tCommon Name:\t${s.commonName}\n`);
  w.write(LEVEL_0, `\tSerial Number:\t${s.serialNumber}\n`);
  printList(w, '\t', 'Organization', s.organization);
  printList(w, '\t', 'Organizational Unit', s.organizationalUnit);
  printList(w, '\t', 'Country', s.country);
  printList(w, '\t', 'Locality', s.locality);
  printList(w, '\t', 'Province', s.province);
  printList(w, '\t', 'StreetAddress', s.streetAddress);
  printList(w, '\t', 'PostalCode', s.postalCode);
  if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length > 0) {
    w.write(LEVEL_0, 'Subject Alternative Names:\n');
    printList(w, '\t', 'DNS Names', cr.dnsNames);
    printList(w, '\t', 'Email Addresses', cr.emailAddresses);
    printList(w, '\t', 'URIs', cr.uris);
    printList(w, '\t', 'IP Addresses', cr.ipAddresses);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeCSR: Describer = async (dc, _ns, name) => {
  const csr = await getObject<CSR>(dc, gvr('certificates.k8s.io', 'v1', 'certificatesigningrequests'), '', name);
  return renderCSR(csr, await eventsFor(dc, refOf(csr)), dc.now);
};

registerDescriber('certificates.k8s.io', 'CertificateSigningRequest', describeCSR);
