// oracle.mjs answers, for every path and document of a request, what
// jsonpath-plus yields with the options verdict's dialect follows: safe
// evaluation, evaluation errors ignored, results always wrapped in an array.
//
//   node oracle.mjs < request.json > results.json
//
// request:  {"documents": {"name": <json>, ...}, "paths": ["$.a", ...]}
// response: {"results": [{"path", "document", "values": [...]}
//                      | {"path", "document", "error": "message"}, ...]}
//
// Results come path by path, and for each path in the order the documents
// appear in the request. Document names must not look like array indexes
// ("0", "12"): JavaScript would reorder them.
//
// Values are plain JSON. JavaScript numbers are IEEE doubles, so a Go reader
// should decode them as float64; one that overflows a double (1e400 in a
// document) is written {"$number": "Infinity"}. JSON cannot hold undefined; should
// jsonpath-plus ever yield it, the value is written as {"$undefined": true}
// and its index is listed in "undefined", so a comparison cannot mistake it
// for null. Each pair runs on its own copy of the document: a filter that
// calls a mutating method (@.tags.push(1), which jsonpath-plus's safe mode
// allows) must not change what the next path sees.
import {JSONPath} from 'jsonpath-plus';

const UNDEFINED = {$undefined: true};

function readStdin() {
    return new Promise((resolve, reject) => {
        const chunks = [];
        process.stdin.on('data', (c) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
    });
}

function run(path, json) {
    const values = JSONPath({path, json, eval: 'safe', ignoreEvalErrors: true, wrap: true});
    if (!Array.isArray(values)) {
        // jsonpath-plus returns undefined, not [], for a falsy document.
        return {values: [], note: `jsonpath-plus returned ${values === undefined ? 'undefined' : typeof values}`};
    }
    const out = {values: []};
    values.forEach((v, i) => {
        if (v === undefined) {
            out.values.push(UNDEFINED);
            (out.undefined ??= []).push(i);
        } else {
            out.values.push(v);
        }
    });
    return out;
}

function message(e) {
    if (e instanceof Error) {
        return `${e.name}: ${e.message}`;
    }
    return String(e);
}

const request = JSON.parse(await readStdin());
if (!request || typeof request !== 'object' || !Array.isArray(request.paths) ||
    !request.documents || typeof request.documents !== 'object') {
    process.stderr.write('oracle: want {"documents": {...}, "paths": [...]} on stdin\n');
    process.exit(2);
}
const documents = Object.entries(request.documents);
const results = [];
for (const path of request.paths) {
    for (const [name, json] of documents) {
        const copy = structuredClone(json);
        try {
            results.push({path, document: name, ...run(path, copy)});
        } catch (e) {
            results.push({path, document: name, error: message(e)});
        }
    }
}
// JSON.stringify writes -0 as 0 and a number with the shortest text that
// reads back as the same double, which is what a float64 reader needs.
// A document number too large for a double (1e400) reads as Infinity, which
// JSON.stringify would write as null; write it as {"$number": "Infinity"}.
process.stdout.write(JSON.stringify({results}, (key, value) => (
    typeof value === 'number' && !Number.isFinite(value) ? {$number: String(value)} : value
)) + '\n');
