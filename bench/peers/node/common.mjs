// What the Node peers share: the automation, the four cases, the clock,
// company_age computed as verdict computes it, and the comparison rules of
// verdict's conditions (missing means false, every value must pass, numbers
// and numeric strings compare numerically).
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {dirname, join} from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'testdata');
export const automation = JSON.parse(readFileSync(join(root, 'automations', 'auto-approve.json'), 'utf8'));
export const companies = ['ragnarok-as', 'floki-shipbuilders', 'ecbert-holdings', 'rollo-the-warrior'];
export const cases = companies.map((c) => JSON.parse(readFileSync(join(root, 'cases', 'quickr', c + '.json'), 'utf8')));
export const expected = [true, true, false, false];
export const now = new Date(Date.UTC(2026, 10, 24, 9, 0, 0));

function parseDate (s) {
    if (typeof s !== 'string') return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    return m ? {y: Number(m[1]), m: Number(m[2]), d: Number(m[3])} : null;
}

export function companyAge (c) {
    const sources = [['sections', 'additional_data'], ['current_information', 'data'], ['prefills', 'data'], ['declarations', 'data']];
    for (const [container, list] of sources) {
        for (const field of ['registration_date', 'incorporation_date']) {
            for (const item of c[container] || []) {
                if (item.type !== 'company') continue;
                for (const rec of item[list] || []) {
                    const d = parseDate(rec[field]);
                    if (!d) continue;
                    const n = {y: now.getUTCFullYear(), m: now.getUTCMonth() + 1, d: now.getUTCDate()};
                    let years = n.y - d.y;
                    if (n.m < d.m || (n.m === d.m && n.d < d.d)) years--;
                    return years;
                }
            }
        }
    }
    return undefined;
}

const numberText = /^\s*-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?\s*$/;
const asNumber = (v) => (typeof v === 'number' ? v : (typeof v === 'string' && numberText.test(v) ? Number(v) : undefined));

export function equal (r, v) {
    if (typeof r === 'number') return asNumber(v) === r;
    if (typeof r === 'string') {
        if (typeof v === 'string') return r === v;
        if (typeof v === 'number') return asNumber(r) === v;
        return false;
    }
    if (typeof r === 'boolean') return r === v || String(r) === v;
    if (r === null) return v === null;
    return JSON.stringify(r) === JSON.stringify(v);
}

export function order (r, v) {
    const a = asNumber(r), b = asNumber(v);
    if (a !== undefined && b !== undefined) return a < b ? -1 : (a > b ? 1 : 0);
    if (typeof r === 'string' && typeof v === 'string') return r < v ? -1 : (r > v ? 1 : 0);
    return undefined;
}

// test applies a comparison to every value a path yielded.
export function test (type, values, value) {
    switch (type) {
    case 'equal_to_null': return values.every((x) => x === null);
    case 'not_equal_to_null': return values.length > 0 && values.every((x) => x !== null);
    }
    if (values.length === 0) return false;
    const one = {
        equal: (r) => equal(r, value),
        not_equal: (r) => !equal(r, value),
        greater_than: (r) => order(r, value) > 0,
        greater_than_or_equal: (r) => order(r, value) >= 0,
        less_than: (r) => order(r, value) < 0,
        less_than_or_equal: (r) => order(r, value) <= 0
    }[type];
    return values.every(one);
}

// bench runs fn over the four cases in turn and returns ns per run. A
// synchronous fn is not awaited, so it pays for no promise.
export async function bench (fn, seconds = 2) {
    const sync = !(fn(0) instanceof Promise);
    const call = sync ? fn : async (i) => { await fn(i); };
    for (let i = 0; i < 2000; i++) await call(i);
    let n = 0;
    const start = process.hrtime.bigint();
    const until = start + BigInt(seconds * 1e9);
    if (sync) {
        while (process.hrtime.bigint() < until) {
            for (let k = 0; k < 100; k++, n++) fn(n);
        }
    } else {
        while (process.hrtime.bigint() < until) {
            for (let k = 0; k < 100; k++, n++) await fn(n);
        }
    }
    return Number(process.hrtime.bigint() - start) / n;
}
