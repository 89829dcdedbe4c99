/** Compare two stored runs: inputs by field path, output deltas, and the key figures of both overlaid. */

import { h, table, type Child } from '../dom';
import { getJson } from '../api';
import { chartBox, fmtAxis, palette, setExportStem, type Option } from '../charts';
import type { DiffResponse, Run } from '../types';
import { leaf, num, pct, usd } from '../format';

const shownDeltas = 20;
const minNamedDeltas = 5;

const keyFigures: { key: 'cost_per_clip_usd' | 'daily_cost_usd' | 'p90_latency_s' | 'gross_margin' | 'slo_attainment'; label: string; scale: number; fmt: (v: number) => string }[] = [
  { key: 'cost_per_clip_usd', label: 'cost per clip ($/clip)', scale: 1, fmt: fmtAxis.usd },
  { key: 'daily_cost_usd', label: 'daily cost ($/day)', scale: 1, fmt: fmtAxis.usd },
  { key: 'p90_latency_s', label: 'P90 latency (s)', scale: 1, fmt: fmtAxis.s },
  { key: 'gross_margin', label: 'gross margin (%)', scale: 100, fmt: fmtAxis.pct },
  { key: 'slo_attainment', label: 'SLO attainment (%)', scale: 100, fmt: fmtAxis.pct },
];

export async function compareView(root: HTMLElement, url: URL): Promise<void> {
  const a = url.searchParams.get('a') ?? '';
  const b = url.searchParams.get('b') ?? '';
  document.title = `Compare #${a} and #${b} · InferenceWall`;
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) {
    root.appendChild(h('section', null, h('h1', null, 'Compare two runs'),
      h('div', { class: 'error' }, h('strong', null, 'The link needs two run ids: '), h('code', null, '/compare?a=ID&b=ID'), '. Tick two runs in the ', h('a', { href: '/', 'data-link': true }, 'runs history'), '.')));
    return;
  }
  setExportStem(`compare-${a}-${b}`);
  const [diff, ra, rb] = await Promise.all([
    getJson<DiffResponse>(`/api/runs/${a}/diff/${b}`),
    getJson<Run>(`/api/runs/${a}`),
    getJson<Run>(`/api/runs/${b}`),
  ]);
  const runLink = (r: Run): Child => h('a', { href: `/runs/${r.id}`, 'data-link': true }, `#${r.id} ${r.kind}${r.label ? ` “${r.label}”` : ''}`);
  const figs = keyFigures.filter((f) => typeof ra.summary?.[f.key] === 'number' || typeof rb.summary?.[f.key] === 'number');
  const n = Math.max(1, figs.length);
  const w = 100 / n;
  const option: Option = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: [`A: run #${a}`, `B: run #${b}`] },
    grid: figs.map((_, i) => ({ left: `${i * w + 6}%`, width: `${w - 9}%`, top: 20, bottom: 60 })),
    xAxis: figs.map((f, i) => ({ type: 'category', gridIndex: i, data: [f.label], axisLabel: { interval: 0, width: 140, overflow: 'break' } })),
    yAxis: figs.map((f, i) => ({ type: 'value', gridIndex: i, axisLabel: { formatter: f.fmt } })),
    series: figs.flatMap((f, i) => [
      { name: `A: run #${a}`, type: 'bar', xAxisIndex: i, yAxisIndex: i, color: palette[0], data: [num0(ra.summary?.[f.key], f.scale)] },
      { name: `B: run #${b}`, type: 'bar', xAxisIndex: i, yAxisIndex: i, color: palette[3], data: [num0(rb.summary?.[f.key], f.scale)] },
    ]),
  };
  const sorted = [...diff.outputs].sort((x, y) => Math.abs(y.relative_change ?? 0) - Math.abs(x.relative_change ?? 0));
  // The chart prefers named figures to list items (apis[17]…) when there are enough of them.
  const withRelative = sorted.filter((o) => typeof o.relative_change === 'number');
  const named = withRelative.filter((o) => !o.field.includes('['));
  const top = (named.length >= minNamedDeltas ? named : withRelative).slice(0, shownDeltas).reverse();
  const deltaOption: Option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 320, right: 40, top: 10, bottom: 50 },
    xAxis: { type: 'value', name: 'relative change B vs A (%)', nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: fmtAxis.pct } },
    yAxis: { type: 'category', data: top.map((o) => o.field), axisLabel: { width: 300, overflow: 'truncate' } },
    series: [{ name: 'relative change (%)', type: 'bar', color: palette[4], data: top.map((o) => (o.relative_change ?? 0) * 100) }],
  };
  root.appendChild(h('section', { class: 'compare', 'data-a': a, 'data-b': b },
    h('h1', null, 'Compare ', runLink(ra), ' with ', runLink(rb)),
    h('p', { class: 'subtitle' }, diff.same_scenario ? 'The same scenario text.' : 'Different scenario text.', ` ${diff.inputs.length} input(s) differ; ${diff.outputs.length} numeric output(s) changed, ${diff.unchanged_outputs} unchanged.`),
    figs.length > 0 ? chartBox('compare-key', 'Key figures of both runs', option, {
      headers: ['figure', `run_${a}`, `run_${b}`],
      rows: figs.map((f) => [f.key, ra.summary?.[f.key] ?? null, rb.summary?.[f.key] ?? null]),
    }, undefined, 320) : null,
    h('h2', null, `Inputs that differ (${diff.inputs.length})`),
    diff.inputs.length === 0 ? h('p', { class: 'empty' }, 'The inputs are the same.') :
      table(['field', `A (#${a})`, `B (#${b})`], diff.inputs.map((i) => [h('code', { class: 'path' }, i.field), i.a ?? '—', i.b ?? '—']), { 'data-table': 'inputs', id: 'inputs-diff' }),
    h('h2', null, `Output deltas (${diff.outputs.length})`),
    top.length > 0 ? chartBox('compare-deltas', `The ${top.length} largest relative changes (%)`, deltaOption, {
      headers: ['field', 'a', 'b', 'change', 'relative_change'],
      rows: sorted.map((o) => [o.field, o.a, o.b, o.change, o.relative_change]),
    }, undefined, Math.max(200, top.length * 24 + 70)) : null,
    diff.outputs.length === 0 ? h('p', { class: 'empty' }, 'No numeric output changed.') :
      table(['field', `A (#${a})`, `B (#${b})`, 'change (B − A)', 'relative change (%)'],
        sorted.slice(0, 1000).map((o) => [h('code', { class: 'path' }, o.field), valueWithUnit(o.field, o.a), valueWithUnit(o.field, o.b), valueWithUnit(o.field, o.change, true), pct(o.relative_change)]),
        { 'data-table': 'outputs', id: 'outputs-diff' }),
    diff.other_outputs.length > 0 ? [h('h2', null, `Other outputs that differ (${diff.other_outputs.length})`),
      table(['field', `A (#${a})`, `B (#${b})`], diff.other_outputs.slice(0, 500).map((o) => [h('code', { class: 'path' }, o.field), leaf(o.a), leaf(o.b)]), { 'data-table': 'other-outputs' })] : null));
}

function num0(x: unknown, scale: number): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x * scale : null;
}

/** A value shown with the unit its field name states (`_usd` dollars, `_s` seconds, margins and shares as %). */
function valueWithUnit(field: string, x: number | null, isChange = false): string {
  if (x === null) return '—';
  const leafName = field.replace(/^.*[.\]]/, '');
  if (/usd/.test(leafName)) return usd(x);
  // A change of a share is in percentage points.
  if (/(margin|share|utilization|attainment)$/.test(leafName)) return isChange ? pct(x).replace(' %', ' pp') : pct(x);
  if (/_s$/.test(leafName)) return `${num(x)} s`;
  if (/kwh/.test(leafName)) return `${num(x)} kWh`;
  return num(x);
}
