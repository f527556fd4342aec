import { dirname } from 'node:path';
import { fail, type Failure } from '../../shared/result.js';

/**
 * Why a file named on the command line could not be read or written, in words rather than
 * errno names: a wrong path is bad usage (BAD_REQUEST), a refused permission FORBIDDEN, and
 * anything else (a full disk, an I/O error) INTERNAL.
 */
export function fileFailure(verb: 'read' | 'write', file: string, error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException).code;
  const head = `cannot ${verb} ${file}`;
  switch (code) {
    case 'ENOENT':
      return verb === 'read'
        ? fail('BAD_REQUEST', `${head}: it does not exist`)
        : fail('BAD_REQUEST', `${head}: folder ${dirname(file)} does not exist`);
    case 'ENOTDIR':
      return fail('BAD_REQUEST', `${head}: a part of its path is a file, not a folder`);
    case 'EISDIR':
      return fail('BAD_REQUEST', `${head}: it is a folder; expected a file`);
    case 'EACCES':
    case 'EPERM':
      return fail('FORBIDDEN', `${head}: permission denied`);
    default:
      return fail('INTERNAL', `${head}: ${(error as Error).message}`);
  }
}
