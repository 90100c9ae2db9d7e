// Files the reference tools never show: secrets by name, plus the user's own deny patterns.
import ignore from 'ignore';
import { PathError } from '../safe-path.js';

/** gitignore syntax; a pattern without `/` matches at any depth. */
export const SECRET_PATTERNS = [
  '.env*',
  '*.pem',
  '*.key',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.p12',
  '*.pfx',
  '*.crt',
  '*.cer',
  '.npmrc',
  '.netrc',
  '_netrc',
  '.pypirc',
  '.pgpass',
  '.yarnrc',
  '.yarnrc.yml',
  '.git-credentials',
  '.vault-token',
  '.aws/',
  '.kube/',
  '.docker/config.json',
  'secrets.yaml',
  'secrets.yml',
  'secrets.json',
  'credentials',
  'credentials.*',
  '*.credentials',
  // Remote URLs in .git/config can carry tokens; nothing under .git is source anyway.
  '.git/',
];

/** True when a `/`-separated path relative to a project root must not be shown. */
export type DenyCheck = (rel: string, isDirectory?: boolean) => boolean;

// `ignore` caches its answer per path, and the first answer is the costly one (about 2 µs a path):
// reuse a matcher across calls so listing a 50,000-file sibling twice pays once. Renewed now and
// then so the cache cannot grow without bound.
const MAX_CHECKS = 500_000;
let cached: { key: string; check: DenyCheck; checks: number } | undefined;

export function secretFilter(extraPatterns: string[] = []): DenyCheck {
  const key = extraPatterns.join('\n');
  if (cached?.key === key && cached.checks < MAX_CHECKS) return cached.check;
  // Case-insensitive on purpose: `.ENV` or `KEY.PEM` is no less a secret.
  const matcher = ignore({ ignorecase: true }).add(SECRET_PATTERNS).add(extraPatterns);
  const entry = {
    key,
    checks: 0,
    // A pattern like `private/` only matches a folder when the path says it is one.
    check: (rel: string, isDirectory = false) => {
      entry.checks++;
      if (rel === '.' || rel === '') return false;
      try {
        return matcher.ignores(isDirectory ? `${rel}/` : rel);
      } catch {
        // `ignore` throws on a path that is not relative (`/.env`): such a name is refused, not shown.
        return true;
      }
    },
  };
  cached = entry;
  return entry.check;
}

const defaultMatcher = ignore({ ignorecase: true }).add(SECRET_PATTERNS);

/** A file every deny list refuses, whatever the user added: the search index never reads it. */
export function isDefaultSecret(rel: string): boolean {
  try {
    return defaultMatcher.ignores(rel);
  } catch {
    return true;
  }
}

/** Throws when `rel` is denied; the message never includes the file's content. */
export function assertAllowed(
  deny: DenyCheck | undefined,
  isDirectory: boolean,
  ...rels: (string | undefined)[]
): void {
  if (!deny) return;
  for (const rel of rels) {
    if (rel !== undefined && deny(rel, isDirectory)) {
      throw new PathError(
        `Refusing "${rel}": it may hold secrets (matches the reference deny list), so its content is never shown`,
      );
    }
  }
}
