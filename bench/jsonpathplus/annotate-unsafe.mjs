// annotate-unsafe.mjs runs every path of corpus/unsafe.txt through the
// oracle on the corpus documents and rewrites the "# jsonpath-plus:" comment
// above each path with what jsonpath-plus did: the values it yielded, the
// error it threw, or nothing. Run it again after changing the pinned
// jsonpath-plus version or the documents.
//
//   node annotate-unsafe.mjs          rewrite corpus/unsafe.txt
//   node annotate-unsafe.mjs --check  exit 1 if the comments are stale
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, 'corpus', 'unsafe.txt');
const MARK = '# jsonpath-plus: ';
const WIDTH = 110;

const request = execFileSync('node', [join(here, 'make-request.mjs'), file], {maxBuffer: 1 << 28});
const {results} = JSON.parse(execFileSync('node', [join(here, 'oracle.mjs')], {input: request, maxBuffer: 1 << 28}));

const byPath = new Map();
for (const r of results) {
    if (!byPath.has(r.path)) {
        byPath.set(r.path, []);
    }
    byPath.get(r.path).push(r);
}

const documents = new Map();
for (const r of results) {
    if (!documents.has(r.document)) {
        const text = readFileSync(join(here, 'corpus', 'documents', `${r.document}.json`), 'utf8');
        documents.set(r.document, JSON.stringify(JSON.parse(text)));
    }
}

// outcome describes one (path, document) result in a few words.
function outcome(r) {
    if (r.error !== undefined) {
        return `throws ${r.error}`;
    }
    if (r.values.length === 0) {
        return 'nothing';
    }
    if (r.values.length === 1 && JSON.stringify(r.values[0]) === documents.get(r.document)) {
        return 'yields the whole document';
    }
    const json = JSON.stringify(r.values);
    return json.length <= 70 ? `yields ${json}` : 'yields a long list';
}

// One phrase per outcome, naming the documents that gave it.
function summary(rs) {
    const outcomes = new Map();
    for (const r of rs) {
        const key = outcome(r);
        if (!outcomes.has(key)) {
            outcomes.set(key, []);
        }
        outcomes.get(key).push(r);
    }
    if (outcomes.size === 1) {
        const [key] = outcomes.keys();
        if (key === 'nothing') {
            return 'yields nothing, without an error, on every document';
        }
        if (key !== 'yields a long list') {
            return `${key} on every document`;
        }
    }
    const parts = [];
    for (const [key, group] of outcomes) {
        if (key === 'nothing') {
            continue;
        }
        if (key === 'yields a long list') {
            const counts = group.map((r) => `${r.values.length} on ${r.document}`);
            const first = JSON.stringify(group[0].values);
            parts.push(`yields ${first.slice(0, 50)}... (${counts.join(', ')})`);
        } else {
            parts.push(`${key} on ${group.map((r) => r.document).join(', ')}`);
        }
    }
    if (outcomes.has('nothing')) {
        parts.push('nothing on the others');
    }
    return parts.join('; ');
}

// Wrap a long summary over several comment lines.
function commentLines(text) {
    const words = text.split(' ');
    const lines = [];
    let line = MARK.trimEnd();
    for (const w of words) {
        if (line.length + 1 + w.length > WIDTH && line !== MARK.trimEnd()) {
            lines.push(line);
            line = '#   ' + w;
        } else {
            line += ' ' + w;
        }
    }
    lines.push(line);
    return lines;
}

const old = readFileSync(file, 'utf8');
const out = [];
const lines = old.split('\n');
for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith(MARK)) {
        // drop the old comment and its continuation lines
        while (i + 1 < lines.length && lines[i + 1].startsWith('#   ')) {
            i++;
        }
        continue;
    }
    if (line.trim() !== '' && !line.startsWith('#')) {
        out.push(...commentLines(summary(byPath.get(line) ?? [])));
    }
    out.push(line);
}
const text = out.join('\n');
if (process.argv.includes('--check')) {
    if (text !== old) {
        process.stderr.write('corpus/unsafe.txt: the jsonpath-plus comments are stale; run node annotate-unsafe.mjs\n');
        process.exitCode = 1;
    }
} else {
    writeFileSync(file, text);
}
