// Reads one object from a repository's object store with the file system and node:zlib alone (no
// git process): a loose object, or an undeltified one in a pack (commits almost always are). Used
// for HEAD's commit on every pane refresh, which would otherwise cost a `git log` process each.
// Anything unusual (a delta, a missing or corrupt file, an unknown index version) gives undefined,
// and the caller asks git.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface GitObject {
  type: 'commit' | 'tree' | 'blob' | 'tag';
  body: Buffer;
}

const PACK_TYPES: Record<number, GitObject['type']> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
/** Bytes read at a pack offset: enough for any commit header and message we show (cut is fine). */
const PACK_READ = 64 * 1024;

/**
 * The object `oid` (hex, SHA-1 or SHA-256) from `objectsDir` or its alternates, or undefined.
 * A pack object is inflated from its first PACK_READ bytes: a longer one comes back cut short,
 * which is enough for a commit's headers and subject.
 */
export function readObject(objectsDir: string, oid: string, depth = 0): GitObject | undefined {
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(oid)) return undefined;
  const found = readLoose(objectsDir, oid) ?? readPacked(objectsDir, oid);
  if (found || depth > 0) return found;
  for (const other of alternates(objectsDir)) {
    const object = readObject(other, oid, depth + 1);
    if (object) return object;
  }
  return undefined;
}

function readLoose(objectsDir: string, oid: string): GitObject | undefined {
  let data: Buffer;
  try {
    data = zlib.inflateSync(fs.readFileSync(path.join(objectsDir, oid.slice(0, 2), oid.slice(2))));
  } catch {
    return undefined;
  }
  // `<type> <size>\0<body>`
  const nul = data.indexOf(0);
  const [type, size] = data.subarray(0, nul).toString('latin1').split(' ');
  if (nul < 0 || !isType(type) || Number(size) !== data.length - nul - 1) return undefined;
  return { type, body: data.subarray(nul + 1) };
}

function readPacked(objectsDir: string, oid: string): GitObject | undefined {
  const packDir = path.join(objectsDir, 'pack');
  let names: string[];
  try {
    names = fs.readdirSync(packDir).filter((name) => name.endsWith('.idx'));
  } catch {
    return undefined;
  }
  const wanted = Buffer.from(oid, 'hex');
  for (const name of names) {
    const offset = findInIndex(path.join(packDir, name), wanted);
    if (offset === undefined) continue;
    return readPackEntry(path.join(packDir, name.replace(/\.idx$/, '.pack')), offset);
  }
  return undefined;
}

/**
 * The pack offset of `oid` from a version 2 pack index, or undefined. Reads the fan-out table and
 * then one name per step of a binary search: an index of a big repository is hundreds of MB.
 */
function findInIndex(file: string, oid: Buffer): number | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const at = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      return fs.readSync(fd!, buffer, 0, length, position) === length ? buffer : undefined;
    };
    // Magic `\377tOc`, version 2, then 256 cumulative counts by first byte.
    const head = at(0, 8 + 256 * 4);
    if (head?.readUInt32BE(0) !== 0xff744f63 || head.readUInt32BE(4) !== 2) return undefined;
    const hashLen = oid.length;
    const count = head.readUInt32BE(8 + 255 * 4);
    const first = oid[0]!;
    let lo = first === 0 ? 0 : head.readUInt32BE(8 + (first - 1) * 4);
    let hi = head.readUInt32BE(8 + first * 4);
    const names = 8 + 256 * 4;
    const offsets = names + count * hashLen + count * 4;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const name = at(names + mid * hashLen, hashLen);
      if (!name) return undefined;
      const order = name.compare(oid);
      if (order < 0) lo = mid + 1;
      else if (order > 0) hi = mid;
      else {
        const small = at(offsets + mid * 4, 4)?.readUInt32BE(0);
        if (small === undefined) return undefined;
        if ((small & 0x80000000) === 0) return small;
        // A pack over 2 GiB: the offset is in the table of 8-byte offsets that follows.
        const large = at(offsets + count * 4 + (small & 0x7fffffff) * 8, 8);
        return large ? Number(large.readBigUInt64BE(0)) : undefined;
      }
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readPackEntry(file: string, offset: number): GitObject | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const chunk = Buffer.alloc(PACK_READ);
    const read = fs.readSync(fd, chunk, 0, PACK_READ, offset);
    // Type in bits 4-6 of the first byte, then the size as a little-endian varint.
    let byte = chunk[0]!;
    const type = PACK_TYPES[(byte >> 4) & 7];
    let size = byte & 15;
    let shift = 4;
    let at = 1;
    while (byte & 0x80 && at < read) {
      byte = chunk[at++]!;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    // Deltas (types 6 and 7) need their base: git reads those.
    if (!type) return undefined;
    const body = zlib.inflateSync(chunk.subarray(at, read), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    return { type, body: body.length > size ? body.subarray(0, size) : body };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function alternates(objectsDir: string): string[] {
  try {
    return fs
      .readFileSync(path.join(objectsDir, 'info', 'alternates'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('"'))
      .map((line) => path.resolve(objectsDir, line));
  } catch {
    return [];
  }
}

function isType(type: string | undefined): type is GitObject['type'] {
  return type === 'commit' || type === 'tree' || type === 'blob' || type === 'tag';
}
