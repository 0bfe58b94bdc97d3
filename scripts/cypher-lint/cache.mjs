/**
 * A cache of lint findings keyed by file content, so a re-run only analyses files that changed.
 *
 * The key hashes the file text with a fingerprint of everything else that decides the findings (lint.mjs,
 * schema.json and the installed package version), so a changed linter, schema or package starts afresh.
 * It lives in node_modules/.cache, which `npm ci` wipes whenever the lock file changes.
 *
 *   const cache = openCache(fingerprint);
 *   cache.get(text) ?? cache.set(text, findings);
 *   cache.save();
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const FILE = join(HERE, 'node_modules', '.cache', 'scholarkg-cypher-lint.json');
const MAX_ENTRIES = 5000;

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Hash of the files and package version that decide the findings. */
export function fingerprint() {
  const parts = ['lint.mjs', 'schema.json', 'node_modules/@neo4j-cypher/language-support/package.json']
    .map((name) => readFileSync(join(HERE, name), 'utf8'));
  return sha256(parts.join('\0'));
}

export function openCache(print) {
  let entries = {};
  try {
    entries = JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    // missing or unreadable: start empty
  }
  const used = {};
  const key = (text) => sha256(`${print}\0${text}`);
  return {
    get(text) {
      const found = entries[key(text)];
      if (found) used[key(text)] = found;
      return found;
    },
    set(text, findings) {
      used[key(text)] = findings;
      return findings;
    },
    save() {
      // The entries used in this run first, then the older ones, up to MAX_ENTRIES.
      const kept = Object.fromEntries(Object.entries({ ...used, ...entries, ...used }).slice(0, MAX_ENTRIES));
      const tmp = `${FILE}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(FILE), { recursive: true });
        writeFileSync(tmp, JSON.stringify(kept));
        renameSync(tmp, FILE);
      } catch {
        // a read-only install only loses the speed-up
      }
    },
  };
}
