#!/usr/bin/env node
/**
 * Check Cypher files with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support),
 * against scholarkg's graph schema (schema.json beside this file) and the parameters each file declares.
 *
 *   node lint.mjs [--strict] [--no-cache] [FILE_OR_DIR...]
 *
 * Without paths it checks every Cypher file scholarkg ships: src/scholarkg/queries/** and the Neo4j schema
 * files (src/scholarkg/schema/neo4j/, schema/neo4j/). Files named *.falkordb.cypher are FalkorDB dialect
 * variants and are skipped with a note.
 *
 * A file declares its parameters in its header comment, e.g.
 *   // Parameters: $a, $b (Author keys), $max_hops (1-6). Columns: hops, path.
 * Every `$name` between "Parameters:" and "Columns:" (or the end of the header) is declared; a parameter the
 * query uses but the header does not declare is an error, one declared but never used is a warning.
 *
 * Output, one line per finding:  path:line:col: error|warning: message   (line and column from 1)
 * Exit code: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 bad usage or unreadable file.
 * Findings are cached by file content (cache.mjs); --no-cache analyses every file afresh.
 */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fingerprint, openCache } from './cache.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SHIPPED = ['src/scholarkg/queries', 'src/scholarkg/schema/neo4j', 'schema/neo4j'];
const FALKORDB_SUFFIX = '.falkordb.cypher';
const VERSION = 'CYPHER 5';
const ERROR = 1;
const WARNING = 2;

let neo4j;

/** The package, imported on first need: loading its semantic analysis takes seconds. */
async function library() {
  neo4j ??= await import('@neo4j-cypher/language-support');
  return neo4j;
}

let schema;

/** The database schema handed to the linter: ours, plus Neo4j 5's built-in functions and procedures. */
function databaseSchema(parameters) {
  schema ??= { ...JSON.parse(readFileSync(join(HERE, 'schema.json'), 'utf8')), ...neo4jCatalogue(neo4j.testData) };
  return { ...schema, parameters, defaultLanguage: VERSION };
}

/**
 * The package ships a `SHOW FUNCTIONS` / `SHOW PROCEDURES` listing of a Neo4j 5 server with APOC as
 * `testData.mockSchema`; we keep the built-in part, so a query that needs APOC (or misspells a function)
 * is flagged: shipped queries must run on a plain Neo4j 5.
 */
function neo4jCatalogue(testData) {
  const functions = testData?.mockSchema?.functions?.[VERSION];
  const procedures = testData?.mockSchema?.procedures?.[VERSION];
  if (!functions || !procedures) {
    throw new Error('this version of @neo4j-cypher/language-support has no function listing in testData; '
      + 'keep the version pinned in scripts/cypher-lint/package.json');
  }
  const keep = (registry, wanted) => Object.fromEntries(Object.entries(registry).filter(([, v]) => wanted(v)));
  return {
    functions: { [VERSION]: keep(functions, (f) => f.isBuiltIn) },
    procedures: { [VERSION]: keep(procedures, (p) => !p.name.startsWith('apoc.')) },
  };
}

/**
 * The `$name` parameters the header comment declares, with where each is written (line, col from 1).
 *
 *   declaredParameters('// q\n// Parameters: $a, $b (keys). Columns: x ($c).\nRETURN $a')
 *   -> [{name: 'a', line: 2, col: 16}, {name: 'b', line: 2, col: 20}]
 */
export function declaredParameters(text) {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const found = [];
  let inside = false;
  for (; i < lines.length && lines[i].trim().startsWith('//'); i++) {
    const line = lines[i];
    let from = 0;
    if (!inside) {
      from = line.search(/Parameters:/i);
      if (from < 0) continue;
      inside = true;
    }
    const stop = line.slice(from).search(/Columns:/i);
    const part = stop < 0 ? line.slice(from) : line.slice(from, from + stop);
    for (const m of part.matchAll(/\$(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))/g)) {
      found.push({ name: m[1] ?? m[2], line: i + 1, col: from + m.index + 1 });
    }
    if (stop >= 0) break;
  }
  return found;
}

/** Findings for one file's text: [{line, col, severity, message}], sorted by position. */
export async function lintText(text) {
  const { lintCypherQuery, parseParameters } = await library();
  const declared = declaredParameters(text);
  const parameters = Object.fromEntries(declared.map((p) => [p.name, null]));
  const { diagnostics, symbolTables } = lintCypherQuery(text, databaseSchema(parameters),
    { consoleCommandsEnabled: false });
  const symbols = symbolTables.flat();
  const findings = diagnostics.filter((d) => !misplacedPropertyWarning(d, text, symbols)).map((d) => ({
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
    severity: d.severity,
    message: /^Parameter \S+ is not defined\.$/.test(d.message)
      ? `${d.message} Declare it in the header comment ("// Parameters: $name ...").` : d.message,
  }));
  if (text.trim() === '') {
    findings.push({ line: 1, col: 1, severity: ERROR, message: 'the file holds no Cypher statement' });
  }
  const used = new Set(parseParameters(text, false));
  const reported = new Set();
  for (const p of declared) {
    if (!used.has(p.name) && !reported.has(p.name)) {
      reported.add(p.name);
      findings.push({ line: p.line, col: p.col, severity: WARNING,
        message: `Parameter $${p.name} is declared in the header but the query never uses it.` });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * True for the package's false "property is not present" warning on a map value inside a node pattern:
 * in `MATCH (a:Author {key: row.start})` it checks `start` as a property of the node `a`. We keep the
 * warning only when the expression before the dot really is a node or relationship variable.
 */
function misplacedPropertyWarning(d, text, symbols) {
  const name = text.slice(d.offsets.start, d.offsets.end);
  if (d.severity !== WARNING || !d.message.startsWith(`${name} is not present in the database.`)) return false;
  const owner = /(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*\.\s*$/.exec(text.slice(0, d.offsets.start));
  if (!owner) return false;
  const symbol = symbols.find((s) => s.references.includes(owner.index));
  return Boolean(symbol) && !symbol.types.every((t) => t === 'Node' || t === 'Relationship');
}

function cypherFilesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...cypherFilesUnder(path));
    else if (entry.name.endsWith('.cypher')) out.push(path);
  }
  return out.sort();
}

class UsageError extends Error {}

/** Expand the command-line paths (directories to the .cypher files in them), each real file once. */
function filesToCheck(paths) {
  const given = paths.length > 0;
  const roots = given ? paths : SHIPPED.map((p) => join(ROOT, p));
  const files = [];
  const seen = new Set();
  for (const root of roots) {
    let stat;
    try {
      stat = statSync(root);
    } catch (err) {
      if (!given) continue;
      throw new UsageError(`${root}: cannot read: ${err.code ?? err.message}`);
    }
    for (const file of stat.isDirectory() ? cypherFilesUnder(root) : [root]) {
      const real = realpathSync(file);
      if (!seen.has(real)) {
        seen.add(real);
        files.push(given ? file : relative(process.cwd(), file) || file);
      }
    }
  }
  return files;
}

async function main(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('-')));
  const unknown = [...flags].filter((f) => f !== '--strict' && f !== '--no-cache');
  if (unknown.length > 0) {
    throw new UsageError(`unknown option ${unknown[0]}; usage: lint.mjs [--strict] [--no-cache] [FILE_OR_DIR...]`);
  }
  const files = filesToCheck(argv.filter((a) => !a.startsWith('-')));
  if (files.length === 0) throw new UsageError('no .cypher files found');
  const cache = flags.has('--no-cache') ? null : openCache(fingerprint());
  const count = { checked: 0, skipped: 0, [ERROR]: 0, [WARNING]: 0 };
  for (const file of files) {
    if (file.endsWith(FALKORDB_SUFFIX)) {
      console.log(`${file}: skipped: FalkorDB dialect variant, not Neo4j Cypher`);
      count.skipped++;
      continue;
    }
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`${file}: cannot read: ${err.code ?? err.message}`);
    }
    count.checked++;
    const findings = cache?.get(text) ?? await lintText(text);
    cache?.set(text, findings);
    for (const f of findings) {
      const kind = f.severity === ERROR ? 'error' : f.severity === WARNING ? 'warning' : 'note';
      if (f.severity in count) count[f.severity]++;
      console.log(`${file}:${f.line}:${f.col}: ${kind}: ${f.message}`);
    }
  }
  cache?.save();
  const many = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  console.log(`cypher-lint: ${many(count.checked, 'file')} checked, ${count.skipped} skipped, `
    + `${many(count[ERROR], 'error')}, ${many(count[WARNING], 'warning')}`);
  return count[ERROR] > 0 || (flags.has('--strict') && count[WARNING] > 0) ? 1 : 0;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, (err) => {
    console.error(`cypher-lint: ${err instanceof UsageError ? err.message : err.stack}`);
    process.exitCode = 2;
  });
}
