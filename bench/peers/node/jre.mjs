// json-rules-engine (engines.mjs) on the four companies, warm: each case
// decoded once and evaluated again and again.
import {cases, expected, bench} from './common.mjs';
import {jre} from './engines.mjs';

const fired = [];
for (const c of cases) fired.push(await jre(c));
if (JSON.stringify(fired) !== JSON.stringify(expected)) {
    throw new Error(`json-rules-engine decides ${fired}, want ${expected}`);
}
const ns = await bench((i) => jre(cases[i % 4]));
console.log(JSON.stringify({engine: 'json-rules-engine', ns}));
