/**
 * Errors of local file operations as Go's os package words them
 * (os.PathError: "op path: reason", with the errno's text from syscall).
 */
import { errnoCode, KtlError, messageOf } from './errors.js';

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
  EBUSY: 'device or resource busy',
  ETXTBSY: 'text file busy',
  EDQUOT: 'disk quota exceeded',
  EINVAL: 'invalid argument',
  EFBIG: 'file too large',
};

/** os.PathError's text for `op` on `path` (already as it is to be shown). */
export function osPathError(op: string, path: string, err: unknown): KtlError {
  const code = errnoCode(err);
  return new KtlError(`${op} ${path}: ${(code && ERRNO_TEXT[code]) ?? messageOf(err)}`);
}
