/** A file's size in the reader's words: bytes, kB or MB (of 1,024). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A size limit as people write one: 20 MB rather than 20.0 MB, 1.5 MB as it is. */
export function limitSize(bytes: number): string {
  return fileSize(bytes).replace(/\.0 /, " ");
}
