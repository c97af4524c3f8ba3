// make-request.mjs writes the oracle's request for the corpus: every
// document of corpus/documents (named by its file name without .json) and
// every path of corpus/paths.txt.
//
//   node make-request.mjs | node oracle.mjs > /tmp/jpp-results.json
//   node make-request.mjs corpus/unsafe.txt | node oracle.mjs
//
// A path file has one path per line; blank lines and lines starting with #
// are skipped. Lines are not trimmed: a space is part of the path.
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pathsFile = process.argv[2] ?? join(here, 'corpus', 'paths.txt');
const docsDir = join(here, 'corpus', 'documents');

const paths = readFileSync(pathsFile, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/v, ''))
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));

// Documents go into the request as their own text, not re-serialised, so
// the oracle's JSON.parse sees exactly the bytes of the file.
const documents = readdirSync(docsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
        const text = readFileSync(join(docsDir, file), 'utf8').trim();
        try {
            JSON.parse(text);
        } catch (e) {
            throw new Error(`${file}: ${e.message}`);
        }
        return `${JSON.stringify(file.slice(0, -'.json'.length))}: ${text}`;
    });

process.stdout.write(`{"documents": {${documents.join(',\n')}},\n"paths": ${JSON.stringify(paths)}}\n`);
