// Bytes to decision in Node: JSON.parse of each case's text, then the
// direct evaluator or json-rules-engine (engines.mjs), over the case sets
// the Go side wrote to the folder given as the first argument (NAME-i.json),
// the cases of a set taken in turn. The text is read and decoded from UTF-8
// once; JSON.parse and the decision are timed. One JSON line per engine and
// set; the decisions are checked against $2/NAME.want, verdict's.
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {bench} from './common.mjs';
import {direct, jre} from './engines.mjs';

const dir = process.argv[2];
const seconds = Number(process.env.NODE_SECONDS || 1);
for (const set of ['3KB', '5KB', '18KB', '50KB']) {
    const names = readdirSync(dir).filter((f) => f.startsWith(set + '-') && f.endsWith('.json'))
        .sort((a, b) => parseInt(a.slice(set.length + 1)) - parseInt(b.slice(set.length + 1)));
    const texts = names.map((f) => readFileSync(join(dir, f), 'utf8'));
    const want = JSON.parse(readFileSync(join(dir, set + '.want'), 'utf8'));
    const n = texts.length;
    const got = texts.map((t) => direct(JSON.parse(t)));
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${set}: direct evaluator decides ${got}, verdict ${want}`);
    const gotJRE = [];
    for (const t of texts) gotJRE.push(await jre(JSON.parse(t)));
    if (JSON.stringify(gotJRE) !== JSON.stringify(want)) throw new Error(`${set}: json-rules-engine decides ${gotJRE}, verdict ${want}`);
    let sink = 0;
    const ns = await bench((i) => { sink += direct(JSON.parse(texts[i % n])) ? 1 : 0; }, seconds);
    console.log(JSON.stringify({engine: 'node-direct', set, ns, sink}));
    const nsJRE = await bench((i) => jre(JSON.parse(texts[i % n])), seconds);
    console.log(JSON.stringify({engine: 'node-json-rules-engine', set, ns: nsJRE}));
}
