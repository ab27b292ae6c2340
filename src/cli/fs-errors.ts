/** A file-system error as a short reason a person can act on, never a raw EISDIR/ENOENT/EACCES. */
export function fsReason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (check the file and folder permissions)';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EBUSY':
      return 'the file is in use (is it open in Excel?)';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    default: {
      // Node's form "ECODE: text, syscall 'path'": keep the text.
      const msg = e instanceof Error ? e.message : String(e);
      return msg
        .split('\n')[0]
        .replace(/^[A-Z]+:\s*/, '')
        .replace(/,\s*\w+\s+'[^']*'$/, '');
    }
  }
}
