/**
 * Checks a backup without changing anything: the manifest parses and adds up, every chunk is
 * there with the size, SHA-256 and number of rows the manifest says. A restore runs this first
 * and stops at the first problem, before it touches any database.
 */
import {
  BackupProblem,
  type BackupReader,
  type Bytes,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
  sha256Hex,
} from "./format.ts";

const NEWLINE = 0x0a;

function linesIn(bytes: Bytes): number {
  let count = 0;
  for (const byte of bytes) if (byte === NEWLINE) count += 1;
  return count;
}

export async function readManifest(reader: BackupReader, folder: string): Promise<Manifest> {
  const bytes = await reader.read(`${folder}${MANIFEST_FILE}`);
  if (!bytes) {
    throw new BackupProblem(`${folder} has no ${MANIFEST_FILE}: the backup never finished, or this is not a backup.`);
  }
  return parseManifest(new TextDecoder().decode(bytes));
}

/** Every chunk of the backup, checked one at a time (one chunk in memory at once). */
export async function verifyBackup(reader: BackupReader, folder: string): Promise<Manifest> {
  const manifest = await readManifest(reader, folder);
  for (const table of manifest.tables) {
    for (const chunk of table.chunks) {
      const bytes = await reader.read(`${folder}${chunk.file}`);
      if (!bytes) throw new BackupProblem(`${chunk.file} (${table.name}) is missing.`);
      if (bytes.byteLength !== chunk.bytes) {
        throw new BackupProblem(`${chunk.file} (${table.name}) is ${bytes.byteLength} bytes, not ${chunk.bytes}.`);
      }
      if ((await sha256Hex(bytes)) !== chunk.sha256) {
        throw new BackupProblem(`${chunk.file} (${table.name}) does not match its checksum: it has been changed.`);
      }
      const lines = linesIn(bytes);
      if (lines !== chunk.rows) {
        throw new BackupProblem(`${chunk.file} (${table.name}) holds ${lines} rows, not ${chunk.rows}.`);
      }
    }
  }
  return manifest;
}
