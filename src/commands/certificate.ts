/**
 * `ktl certificate approve|deny`: adds kubectl's Approved/Denied condition to
 * CertificateSigningRequests through their approval subresource, with
 * kubectl 1.33's texts, --force, retries on conflicts, and its output (the
 * object as read before the update, as kubectl prints it).
 */
import type { Command } from 'commander';
import { action, withExamples, Option, type App } from './kit.js';
import { write } from '../context.js';
import { ApiError, KtlError, failIfAny } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import type { KubeObject } from '../resource/types.js';
import { escapePathSegment } from '../client/path-segment.js';

interface Verb {
  name: 'approve' | 'deny';
  summary: string;
  description: string;
  past: 'approved' | 'denied';
  condition: 'Approved' | 'Denied';
  conflicting: 'Approved' | 'Denied';
  reason: string;
  message: string;
}

const VERBS: Verb[] = [
  {
    name: 'approve',
    summary: 'Approve a certificate signing request',
    description:
      'Approve a certificate signing request.\n\n BIN certificate approve allows a cluster admin to approve a certificate signing request (CSR). This action tells a certificate signing controller to issue a certificate to the requester with the attributes requested in the CSR.\n\n SECURITY NOTICE: Depending on the requested attributes, the issued certificate can potentially grant a requester access to cluster resources or to authenticate as a requested identity. Before approving a CSR, ensure you understand what the signed certificate can do.',
    past: 'approved',
    condition: 'Approved',
    conflicting: 'Denied',
    reason: 'KubectlApprove',
    message: 'This CSR was approved by kubectl certificate approve.',
  },
  {
    name: 'deny',
    summary: 'Deny a certificate signing request',
    description:
      'Deny a certificate signing request.\n\n BIN certificate deny allows a cluster admin to deny a certificate signing request (CSR). This action tells a certificate signing controller to not to issue a certificate to the requester.',
    past: 'denied',
    condition: 'Denied',
    conflicting: 'Approved',
    reason: 'KubectlDeny',
    message: 'This CSR was denied by kubectl certificate deny.',
  },
];

const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

interface Condition {
  type?: string;
  [k: string]: unknown;
}

/** A CertificateSigningRequest as read here: its status conditions. */
type Csr = KubeObject & { status?: { conditions?: Condition[] } };

/** Go's metav1.Now() as it travels: RFC 3339 in seconds, UTC. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

export function registerCertificate(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const parent = program
    .command('certificate')
    .summary('Modify certificate resources')
    .description('Modify certificate resources.')
    .usage('SUBCOMMAND [options]')
    .argument('[args...]');
  // kubectl's parent command prints its help for anything that is not a subcommand
  parent.action(() => {
    parent.outputHelp();
  });
  for (const verb of VERBS) {
    const cmd = parent
      .command(verb.name)
      .summary(verb.summary)
      .description(verb.description.replace('BIN', bin))
      .usage('(-f FILENAME | NAME) [options]')
      .argument('[names...]')
      .option('--force', `Update the CSR even if it is already ${verb.past}.`);
    addObjectPrintFlags(cmd);
    new FilenameFlags('identifying the resource to update').addTo(cmd);
    withExamples(cmd, `  # ${verb.name === 'approve' ? 'Approve' : 'Deny'} CSR 'csr-sqgzp'\n  ${bin} certificate ${verb.name} csr-sqgzp`);
    cmd.action(action(async (names: string[], opts: Record<string, unknown>, c: Command) => run(app, c, verb, names, opts)));
  }
}

async function run(app: App, c: Command, verb: Verb, names: string[], opts: Record<string, unknown>): Promise<number> {
  // kubectl builds the printer first, then checks the arguments
  const print = objectPrintOptions(opts);
  const f = app.factory(c);
  const files = new FilenameFlags().toOptions(opts);
  if (names.length < 1 && files.filenames.length === 0) throw new KtlError('one or more CSRs must be specified as <name> or -f <filename>');
  // kubectl's builder here has no namespace: TYPE/NAME of a namespaced kind fails before anything is done
  const typed = names.filter((n) => n.includes('/'));
  // (more than one slash: the builder's own error comes first)
  if (typed.length && typed.every((n) => n.indexOf('/') === n.lastIndexOf('/'))) {
    const clients = await f.clients();
    for (const n of typed) {
      const m = await clients.resolve(n.slice(0, n.indexOf('/')));
      if (m.namespaced) throw new KtlError('namespace may not be empty when retrieving a resource by name');
    }
  }
  const r = await f
    .builder()
    .args(names.map((n) => (n.includes('/') ? n : `certificatesigningrequests/${n}`)))
    .filenames(files)
    .latest()
    .flatten()
    .continueOnError()
    .do();
  const clients = await f.clients();
  const { ObjectOutput } = await import('../mutate/output.js');
  const { resourcePath } = await import('../client/index.js');
  const out = new ObjectOutput(print, app.ctx.cwd, 'none');
  let found = 0;
  const failures = await r.visit(async (info) => {
    let shown = info.object!;
    for (let attempt = 0; ; attempt++) {
      const [group] = String(shown.apiVersion ?? '').split('/').reverse().slice(1);
      if (shown.kind !== 'CertificateSigningRequest' || (group ?? '') !== 'certificates.k8s.io') {
        throw new KtlError(`can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${shown.kind}${group ? `.${group}` : ''}`);
      }
      const name = String(shown.metadata?.name ?? info.name);
      const path = `${CSR_PATH}/${escapePathSegment(name)}`;
      let csr: Csr;
      try {
        csr = await clients.rest.getJson<Csr>(path);
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 404) throw new KtlError(`could not find v1 version of ${name}: ${err.message}`);
        throw err;
      }
      const status = (csr.status ??= {});
      const conditions = status.conditions ?? [];
      let has = false;
      for (const cond of conditions) {
        if (cond.type === verb.conflicting) throw new KtlError(`certificate signing request "${name}" is already ${cond.type}`);
        if (cond.type === verb.condition) has = true;
      }
      if (has && !opts.force) break;
      if (!has) {
        status.conditions = [
          ...conditions,
          { type: verb.condition, status: 'True', reason: verb.reason, message: verb.message, lastUpdateTime: rfc3339(app.ctx.now()), lastTransitionTime: null },
        ];
      }
      try {
        await clients.rest.update(`${path}/approval`, csr);
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 409 && attempt < 10) {
          shown = await clients.rest.getJson<KubeObject>(resourcePath(info.mapping, { name: info.name }));
          continue;
        }
        throw err;
      }
      break;
    }
    found++;
    await write(app.ctx.io.out, await out.render(shown, verb.past, false));
  });
  if (found === 0 && failures.length === 0) await write(app.ctx.io.out, 'No resources found\n');
  failIfAny(failures, 'standard');
  return 0;
}
