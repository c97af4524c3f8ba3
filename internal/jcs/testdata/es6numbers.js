// Writes es6numbers.txt: lines "hex,expected", where hex is the 16 hex digits
// of an IEEE 754 double and expected is what Node's String(Number) writes for
// it. Run with: node es6numbers.js > es6numbers.txt
'use strict';
const buf = new DataView(new ArrayBuffer(8));
function line(hex) {
  buf.setBigUint64(0, BigInt('0x' + hex));
  const f = buf.getFloat64(0);
  if (!Number.isFinite(f)) return;
  console.log(hex + ',' + String(f));
}
function hexOf(f) {
  buf.setFloat64(0, f);
  return buf.getBigUint64(0).toString(16).padStart(16, '0');
}
// Edge values.
const edges = [0, -0, 1, -1, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 5e-324, -5e-324, 1e-323,
  2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308,
  9007199254740991, 9007199254740992, 9007199254740994, 2 ** 63, 2 ** 64, 123456789012345680000,
  1e20, 1e21, 1e22, 999999999999999900000, 999999999999999999999, 1e-6, 1e-7, 0.000001, 0.0000001,
  1.5e-6, 1.5e-7, 0.00001234, 1234.5678, 4.5, 0.002, 1e30, 1e-27, 333333333.3333333, 295147905179352830000,
  4.35, 0.894, 1e23, 8.41e21, 5.5e-8, 1.2345678901234567e-7, 100, 1e2, 1e15, 1e16, 1e17, 1.0000000000000002,
  0.9999999999999999, 3.14159, 2.718281828459045, 1e308, 1e-308, 1e-320, 6.02214076e23, 1.602176634e-19];
for (const f of edges) line(hexOf(f));
// Powers of ten and of two, and their neighbours.
for (let e = -325; e <= 308; e++) line(hexOf(Number('1e' + e)));
for (let e = -1074; e <= 1023; e += 7) line(hexOf(2 ** e));
// Random bit patterns (xorshift64*, fixed seed) and random decimals.
let x = 0x9e3779b97f4a7c15n;
const mask = (1n << 64n) - 1n;
function next() {
  x ^= x >> 12n; x ^= (x << 25n) & mask; x ^= x >> 27n;
  return (x * 0x2545f4914f6cdd1dn) & mask;
}
for (let i = 0; i < 2000; i++) line(next().toString(16).padStart(16, '0'));
for (let i = 0; i < 1000; i++) {
  const digits = (next() % 100000000n).toString();
  const exp = Number(next() % 60n) - 30;
  line(hexOf(Number(digits + 'e' + exp)));
}
