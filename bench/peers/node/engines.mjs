// The Node peers' evaluators of the automation, shared by the warm
// comparison (direct.mjs, jre.mjs) and the bytes-to-decision one
// (bytes.mjs).
//
// direct: a direct evaluator of the automation format over jsonpath-plus:
// what a Node service would write to run the docs' automations. Paths are
// evaluated with jsonpath-plus (which caches parsed paths and filters);
// the comparison rules are verdict's.
//
// jre: json-rules-engine with its conditions built from the automation:
// each JSONPath is a path on the "case" fact (resolved by jsonpath-plus, as
// the engine does by default, but always wrapped in an array), company_age
// is a computed fact, and verdict's comparisons are custom operators.
import {Engine} from 'json-rules-engine';
import {JSONPath} from 'jsonpath-plus';
import {automation, companyAge, test} from './common.mjs';

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

export function direct (c) {
    return automation.conditions.every((k) => holds(k, c));
}

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

export async function jre (c) {
    const {events} = await engine.run({case: c});
    return events.length > 0;
}

