/** Number formatting with units; null/undefined/NaN shows as an em dash. */

const dash = '—';

function ok(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** US dollars with a precision that suits the size: $0.2169, $3.01, $66,177. */
export function usd(x: unknown): string {
  if (!ok(x)) return dash;
  const a = Math.abs(x);
  // Cents from $1 up, whole dollars from $1,000, four decimals below $1 ($0.2169), six below a cent.
  const digits = a >= 1000 ? 0 : a >= 1 || a === 0 ? 2 : a >= 0.01 ? 4 : 6;
  const s = a.toLocaleString('en-US', { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits });
  return (x < 0 ? '−$' : '$') + s;
}

/** A share (0.25) as a percentage (25.0 %). */
export function pct(x: unknown, digits = 1): string {
  if (!ok(x)) return dash;
  return (x * 100).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace('-', '−') + ' %';
}

export function num(x: unknown, digits = 3): string {
  if (!ok(x)) return dash;
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e9 || a < 1e-3)) return x.toExponential(3);
  return x.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 1 : digits }).replace('-', '−');
}

export function seconds(x: unknown): string {
  return ok(x) ? num(x, 2) + ' s' : dash;
}

export function bytesGb(x: unknown): string {
  return ok(x) ? (x / 1e9).toLocaleString('en-US', { maximumFractionDigits: 2 }) + ' GB' : dash;
}

export function when(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return dash;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

/** Any JSON leaf as short text. */
export function leaf(x: unknown): string {
  if (x === null || x === undefined) return dash;
  if (typeof x === 'number') return num(x, 4);
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  if (typeof x === 'string') return x;
  return JSON.stringify(x);
}

export function isNum(x: unknown): x is number {
  return ok(x);
}
