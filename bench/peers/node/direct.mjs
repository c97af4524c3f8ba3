// The direct evaluator (engines.mjs) on the four companies, warm: each case
// decoded once and evaluated again and again.
import {cases, expected, bench} from './common.mjs';
import {direct} from './engines.mjs';

const fired = cases.map(direct);
if (JSON.stringify(fired) !== JSON.stringify(expected)) {
    throw new Error(`direct evaluator decides ${fired}, want ${expected}`);
}
const ns = await bench((i) => direct(cases[i % 4]));
console.log(JSON.stringify({engine: 'jsonpath-plus, direct evaluator', ns}));
