// A direct evaluator of the automation format over jsonpath-plus: what a
// Node service would write to run the docs' automations. Paths are
// evaluated with jsonpath-plus (which caches parsed paths and filters);
// the comparison rules are verdict's.
import {JSONPath} from 'jsonpath-plus';
import {automation, cases, expected, companyAge, test, bench} from './common.mjs';

function values (c, path) {
    if (path === '$.context.company_age') {
        const age = companyAge(c);
        return age === undefined ? [] : [age];
    }
    return JSONPath({path, json: c, eval: 'safe', ignoreEvalErrors: true, wrap: true});
}

function holds (cond, c) {
    switch (cond.type) {
    case 'and': return cond.conditions.every((k) => holds(k, c));
    case 'or': return cond.conditions.some((k) => holds(k, c));
    case 'not': return !holds(cond.condition, c);
    case 'every': {
        const vals = values(c, cond.field), allowed = values(c, cond.path);
        return vals.length > 0 && allowed.length > 0 && vals.every((v) => allowed.some((a) => test('equal', [v], a)));
    }
    }
    return test(cond.type, values(c, cond.field), cond.value);
}

export function run (c) {
    return automation.conditions.every((k) => holds(k, c));
}

const fired = cases.map(run);
if (JSON.stringify(fired) !== JSON.stringify(expected)) {
    throw new Error(`direct evaluator decides ${fired}, want ${expected}`);
}
const ns = await bench((i) => run(cases[i]));
console.log(JSON.stringify({engine: 'jsonpath-plus, direct evaluator', ns}));
