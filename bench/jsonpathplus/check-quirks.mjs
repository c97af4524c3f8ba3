// check-quirks.mjs re-runs every example of QUIRKS.md written as
//
//   `path` → `json`              the values jsonpath-plus yields
//   `path` → throws `message`    the error it throws
//
// optionally followed by "(on <document>)"; the default document is edge.
// It prints each example that no longer holds and exits 1 if there is one.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {JSONPath} from 'jsonpath-plus';

const here = dirname(fileURLToPath(import.meta.url));
const text = readFileSync(join(here, 'QUIRKS.md'), 'utf8');
const example = /`([^`]+)` → (?:throws `([^`]+)`|`([^`]+)`)(?: \(on ([\w\-]+)\))?/gv;

const docs = new Map();
function doc(name) {
    if (!docs.has(name)) {
        docs.set(name, JSON.parse(readFileSync(join(here, 'corpus', 'documents', `${name}.json`), 'utf8')));
    }
    return structuredClone(docs.get(name));
}

function run(path, name) {
    try {
        return {values: JSONPath({path, json: doc(name), eval: 'safe', ignoreEvalErrors: true, wrap: true})};
    } catch (e) {
        return {error: `${e.name}: ${e.message}`};
    }
}

let checked = 0;
let failed = 0;
for (const [, path, error, json, name = 'edge'] of text.matchAll(example)) {
    if (!path.startsWith('$') && !/^[a-z]/v.test(path)) {
        continue; // the format line at the top, not an example
    }
    if (path === 'path') {
        continue;
    }
    checked++;
    const got = run(path, name);
    let ok;
    if (error !== undefined) {
        ok = got.error === error;
    } else {
        let want;
        try {
            want = JSON.stringify(JSON.parse(json));
        } catch {
            want = `unreadable JSON ${json}`;
        }
        ok = got.values !== undefined && JSON.stringify(got.values) === want;
    }
    if (!ok) {
        failed++;
        const want = error !== undefined ? `throws ${error}` : json;
        const have = got.error !== undefined ? `throws ${got.error}` : JSON.stringify(got.values);
        process.stdout.write(`${path} (on ${name})\n  QUIRKS.md:     ${want}\n  jsonpath-plus: ${have}\n`);
    }
}
process.stdout.write(`${checked} examples checked, ${failed} no longer hold\n`);
process.exitCode = failed ? 1 : 0;
