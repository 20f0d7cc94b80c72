/**
 * kubectl's editor loop (cmd/util/editor's EditOptions.Run), shared by `edit`
 * and `apply edit-last-applied`: write the file (header, then the objects, or
 * after a failure the user's last text under the reasons), launch the editor,
 * then in kubectl's order: an unchanged retry cancels ("no valid changes"),
 * the YAML is validated, an unchanged file cancels ("no changes made"), an
 * empty one cancels ("saved file was empty"), the objects are parsed and
 * handed to the command, which either ends the loop or returns the reasons
 * to reopen the file with.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError, messageOf } from '../errors.js';
import { isManifestError, parseManifestItems, yamlSyntaxError } from '../resource/manifests.js';
import { isJsonMap } from '../codec/value.js';
import type { JsonMap } from '../apply/strategic-merge.js';
import { launchEditor, writeTempFile } from './editor.js';
import { manualStrip, sameContent, stripComments, type EditReason } from './text.js';

export interface EditLoopSpec {
  ctx: Context;
  format: 'yaml' | 'json';
  /** the comment header (YAML only), with the reasons of the last failed attempt */
  header: (reasons: readonly EditReason[]) => string;
  /** the objects as first shown */
  printed: string;
  windowsLineEndings: boolean;
  /** --validate is not ignore: YAML that does not parse makes the first object "not valid" */
  validate: boolean;
  /** the first object, named in a validation failure */
  first: { resource: string; name: string };
  /** applies the edited objects: the loop ends with `code`, or reopens the file with `reasons` */
  apply: (objects: JsonMap[], file: string) => Promise<{ code: number } | { reasons: EditReason[] }>;
}

/** kubectl's preservedFile: names the file holding the user's changes (when it exists), then fails with err. */
export async function preserved(ctx: Context, file: string | undefined, err: unknown): Promise<never> {
  if (file && (await stat(file).catch(() => undefined))) await write(ctx.io.errOut, `A copy of your changes has been stored to "${file}"\n`);
  throw typeof err === 'string' ? new KtlError(err) : err;
}

/**
 * Parses the saved file into objects (a List flattened) as kubectl reads it
 * back (a stream named "edited-file"); throws kubectl's text when it cannot.
 */
function parseEdited(text: string): JsonMap[] {
  const items = parseManifestItems(text, 'edited-file');
  const errors = items.filter(isManifestError).map((e) => e.error.message);
  if (errors.length) throw new KtlError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
  // a parsed document is always an object (JSON data)
  return items.flatMap((m) => (isManifestError(m) ? [] : [isJsonMap(m.object) ? m.object : {}]));
}

/**
 * kubectl's client-side validation of the saved file (schema.ValidateBytes of
 * its StripComments): YAML that does not parse, or a document that is not an
 * object (an empty or all-comment file is JSON null).
 */
function validationProblem(edited: string): string | undefined {
  const syntax = yamlSyntaxError(manualStrip(edited));
  if (syntax) return `yaml: ${syntax}`;
  return /^\s*\{/.test(stripComments(edited)) ? undefined : 'invalid object to validate';
}

export async function runEditLoop(spec: EditLoopSpec): Promise<number> {
  const { ctx } = spec;
  const addHeader = spec.format === 'yaml';
  const ext = spec.format === 'json' ? '.json' : '.yaml';
  let reasons: EditReason[] = [];
  let containsError = false;
  let original = '';
  let edited = '';
  let previous: string | undefined;
  for (;;) {
    let text = addHeader ? spec.header(reasons) : '';
    if (!containsError) {
      text += spec.printed;
      original = text;
    } else text += manualStrip(edited);
    const editedBefore = edited;
    // --windows-line-endings: the editor sees CRLF; what it saves is read back with LF
    const file = await writeTempFile(ctx, ext, spec.windowsLineEndings ? text.replace(/\r?\n/g, '\r\n') : text);
    try {
      await launchEditor(ctx, file);
    } catch (err) {
      return preserved(ctx, previous, err);
    }
    edited = await readFile(file, 'utf8');
    if (spec.windowsLineEndings) edited = edited.replace(/\r\n/g, '\n');
    if (containsError && (await sameContent(editedBefore, edited))) {
      // only the copy with the user's latest changes is kept
      if (previous && previous !== file) await rm(previous, { force: true });
      return preserved(ctx, file, 'Edit cancelled, no valid changes were saved.');
    }
    if (previous && previous !== file) await rm(previous, { force: true });
    previous = file;
    const problem = spec.validate ? validationProblem(edited) : undefined;
    if (problem) {
      containsError = true;
      const { resource, name } = spec.first;
      reasons = [{ head: `${resource} "${name}" was not valid`, other: [`<nil>: Invalid value: "The edited file failed validation": ${problem}`] }];
      await write(ctx.io.errOut, `error: ${resource} "${name}" is invalid\n`);
      continue;
    }
    if (await sameContent(original, edited)) {
      await rm(file, { force: true });
      await write(ctx.io.errOut, 'Edit cancelled, no changes made.\n');
      return 0;
    }
    if (!edited.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
      await rm(file, { force: true });
      await write(ctx.io.errOut, 'Edit cancelled, saved file was empty.\n');
      return 0;
    }
    reasons = [];
    let updated: JsonMap[];
    try {
      updated = parseEdited(edited);
    } catch (err) {
      containsError = true;
      reasons.push({ head: `The edited file had a syntax error: ${messageOf(err)}`, other: [] });
      continue;
    }
    containsError = false;
    const r = await spec.apply(updated, file);
    if ('code' in r) return r.code;
    reasons = r.reasons;
    containsError = reasons.length > 0;
  }
}
