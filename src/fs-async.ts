/**
 * Promise forms of the few file calls a small command makes, over node:fs's
 * callbacks. node:fs is loaded before ktl starts; node:fs/promises is not,
 * and loading it (with the stream and readline modules it brings) costs a
 * start-up of `get` or `version` about 2 ms. Commands that do more with
 * files keep using node:fs/promises. Errors are node:fs's, the same objects
 * node:fs/promises rejects with.
 */
import * as fs from 'node:fs';

type Callback<T> = (err: NodeJS.ErrnoException | null, value: T) => void;

function call<T>(start: (done: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((err, value) => (err ? reject(err) : resolve(value))));
}

export function readFile(file: string): Promise<Buffer>;
export function readFile(file: string, encoding: BufferEncoding): Promise<string>;
export function readFile(file: string, encoding?: BufferEncoding): Promise<Buffer | string> {
  return encoding ? call<string>((done) => fs.readFile(file, encoding, done)) : call<Buffer>((done) => fs.readFile(file, done));
}

export const stat = (file: string): Promise<fs.Stats> => call((done) => fs.stat(file, done));
export const unlink = (file: string): Promise<void> => call<void>((done) => fs.unlink(file, (err) => done(err, undefined)));
export const rename = (from: string, to: string): Promise<void> => call<void>((done) => fs.rename(from, to, (err) => done(err, undefined)));
export const chmod = (file: string, mode: number): Promise<void> => call<void>((done) => fs.chmod(file, mode, (err) => done(err, undefined)));
export const mkdir = (dir: string, o: fs.MakeDirectoryOptions): Promise<void> =>
  call<void>((done) => fs.mkdir(dir, o, (err) => done(err, undefined)));
export const writeFile = (file: string, data: string | Buffer, o: fs.WriteFileOptions): Promise<void> =>
  call<void>((done) => fs.writeFile(file, data, o, (err) => done(err, undefined)));

/** A descriptor opened for reading, with the calls read-capped.ts makes on it. */
export interface OpenFile {
  stat(): Promise<fs.Stats>;
  read(buf: Buffer, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

export async function openForReading(file: string): Promise<OpenFile> {
  const fd = await call<number>((done) => fs.open(file, 'r', done));
  return {
    stat: () => call((done) => fs.fstat(fd, done)),
    read: (buf, offset, length) => call((done) => fs.read(fd, buf, offset, length, null, done)),
    close: () => call<void>((done) => fs.close(fd, (err) => done(err, undefined))),
  };
}
