// json-rules-engine with its conditions built from the automation: each
// JSONPath is a path on the "case" fact (resolved by jsonpath-plus, as the
// engine does by default, but always wrapped in an array), company_age is a
// computed fact, and verdict's comparisons are custom operators.
import {Engine} from 'json-rules-engine';
import {JSONPath} from 'jsonpath-plus';
import {automation, cases, expected, companyAge, test, bench} from './common.mjs';

const operators = ['equal', 'not_equal', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal',
    'equal_to_null', 'not_equal_to_null'];

function convert (cond) {
    switch (cond.type) {
    case 'and': return {all: cond.conditions.map(convert)};
    case 'or': return {any: cond.conditions.map(convert)};
    case 'not': return {not: convert(cond.condition)};
    case 'every': return {fact: 'case', path: cond.field, operator: 'v_every', value: {fact: 'case', path: cond.path}};
    }
    if (cond.field === '$.context.company_age') {
        return {fact: 'company_age', operator: 'v_' + cond.type, value: cond.value ?? null};
    }
    return {fact: 'case', path: cond.field, operator: 'v_' + cond.type, value: cond.value ?? null};
}

const engine = new Engine([], {
    allowUndefinedFacts: true,
    pathResolver: (value, path) => JSONPath({path, json: value, eval: 'safe', ignoreEvalErrors: true, wrap: true})
});
for (const op of operators) {
    engine.addOperator('v_' + op, (factValue, value) => test(op, factValue ?? [], value));
}
engine.addOperator('v_every', (vals, allowed) => vals.length > 0 && allowed.length > 0 &&
    vals.every((v) => allowed.some((a) => test('equal', [v], a))));
engine.addFact('company_age', (params, almanac) => almanac.factValue('case').then((c) => {
    const age = companyAge(c);
    return age === undefined ? [] : [age];
}));
engine.addRule({conditions: {all: automation.conditions.map(convert)}, event: {type: 'fire'}});

async function run (c) {
    const {events} = await engine.run({case: c});
    return events.length > 0;
}

const fired = [];
for (const c of cases) fired.push(await run(c));
if (JSON.stringify(fired) !== JSON.stringify(expected)) {
    throw new Error(`json-rules-engine decides ${fired}, want ${expected}`);
}
const ns = await bench((i) => run(cases[i]));
console.log(JSON.stringify({engine: 'json-rules-engine', ns}));
