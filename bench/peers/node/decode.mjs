// V8's JSON.parse on the decode inputs that the Go side wrote to the folder
// given as the first argument, reported as one JSON line per input. The
// text is read and decoded from UTF-8 once; JSON.parse alone is timed.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {bench} from './common.mjs';

const dir = process.argv[2];
for (const name of ['3KB', '5KB', '18KB', '50KB']) {
    const text = readFileSync(join(dir, name + '.json'), 'utf8');
    const bytes = Buffer.byteLength(text);
    let sink = 0;
    const ns = await bench(() => { sink += JSON.parse(text) === null ? 1 : 0; }, Number(process.env.NODE_SECONDS || 1));
    console.log(JSON.stringify({engine: 'V8 JSON.parse', case: name, bytes, ns, sink}));
}
