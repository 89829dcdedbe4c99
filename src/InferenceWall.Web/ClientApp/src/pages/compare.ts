/** Compare two stored runs: inputs by field path, output deltas, and the key figures of both overlaid. */

import { h, table, type Child } from '../dom';
import { getJson } from '../api';
import { chartBox, fmtAxis, palette, setExportStem, type Option } from '../charts';
import { arr, type DiffResponse, type Json, type Run } from '../types';
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
    overlay(ra, rb),
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

/** The kind's own chart with both runs drawn over each other (economics: the wall; simulate: latency; sweep: cost). */
function overlay(ra: Run, rb: Run): HTMLElement | null {
  const a = ra.result as Json | null | undefined;
  const b = rb.result as Json | null | undefined;
  if (!a || !b || ra.kind !== rb.kind) return null;
  const names = [`A: run #${ra.id}`, `B: run #${rb.id}`];
  const colors = [palette[0], palette[3]];
  if (ra.kind === 'economics') {
    const fig = (r: Json): Json => (r.figures ?? {}) as Json;
    const sides = [a, b].map((r) => ({ compute: Number(fig(r).compute_cost_per_clip_usd ?? 0), other: Number(fig(r).other_cost_per_clip_usd ?? 0), revenue: Number(fig(r).revenue_per_clip_usd ?? 0) }));
    const crossings = sides.filter((x) => x.revenue > x.other).map((x) => x.compute / (x.revenue - x.other));
    const maxGain = Math.max(10, 10 ** Math.ceil(Math.log10(Math.max(2, Math.max(1, ...crossings) * 2))));
    const steps = 60;
    const gains = Array.from({ length: steps + 1 }, (_, i) => maxGain ** (i / steps));
    const curve = (x: { compute: number; other: number }): number[] => gains.map((g) => x.compute / g + x.other);
    const all = [...sides.flatMap(curve), ...sides.map((x) => x.revenue)].filter((v) => v > 0);
    const option: Option = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 80 },
      xAxis: { type: 'log', name: 'efficiency gain (× cheaper compute per clip, log)', nameLocation: 'middle', nameGap: 28, min: 1, max: maxGain, axisLabel: { formatter: fmtAxis.times } },
      yAxis: { type: 'log', name: '$ per clip (log)', nameLocation: 'middle', nameGap: 55, min: 10 ** Math.floor(Math.log10(Math.min(...all) / 1.5)), max: 10 ** Math.ceil(Math.log10(Math.max(...all) * 1.5)), axisLabel: { formatter: fmtAxis.usd } },
      series: sides.flatMap((x, i) => [
        { name: `${names[i]} cost per clip ($/clip)`, type: 'line', showSymbol: false, lineStyle: { width: 3 }, color: colors[i], data: gains.map((g, j) => [g, curve(x)[j]]) },
        ...(x.revenue > 0 ? [{ name: `${names[i]} revenue per clip: ${usd(x.revenue)}/clip`, type: 'line', showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, color: colors[i], data: [[1, x.revenue], [maxGain, x.revenue]] }] : []),
      ]),
    };
    return chartBox('compare-wall', 'The wall of both runs ($ per clip)', option, {
      headers: ['efficiency_gain_x', `run_${ra.id}_cost_per_clip_usd`, `run_${rb.id}_cost_per_clip_usd`, `run_${ra.id}_revenue_per_clip_usd`, `run_${rb.id}_revenue_per_clip_usd`],
      rows: gains.map((g, j) => [g, curve(sides[0])[j], curve(sides[1])[j], sides[0].revenue, sides[1].revenue]),
    });
  }
  if (ra.kind === 'simulate' && a.latency_s && b.latency_s) {
    const keys = ['mean', 'p50', 'p90', 'p99'];
    const lat = (r: Json, k: string): number | null => { const v = (r.latency_s as Json)[k]; return typeof v === 'number' ? v : null; };
    const option: Option = {
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
      grid: { left: 70, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: keys.map((k) => k.toUpperCase()), name: 'statistic' },
      yAxis: { type: 'value', name: 'latency (s)', nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: fmtAxis.s } },
      series: [a, b].map((r, i) => ({ name: `${names[i]} latency (s)`, type: 'bar', color: colors[i], data: keys.map((k) => lat(r, k)) })),
    };
    return chartBox('compare-latency', 'Latency percentiles of both runs (s)', option, { headers: ['statistic', `run_${ra.id}_latency_s`, `run_${rb.id}_latency_s`], rows: keys.map((k) => [k, lat(a, k), lat(b, k)]) });
  }
  if (ra.kind === 'sweep') {
    const field = (Array.isArray(a.fields) ? (a.fields as string[])[0] : undefined) ?? '';
    const points = (r: Json): [number, number][] => arr(r.points).map((p) => {
      const v = arr(p.values).find((x) => x.field === field);
      return [Number(v?.number), Number(p.cost_per_clip_usd)] as [number, number];
    }).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const pa = points(a);
    const pb = points(b);
    if (pa.length === 0 || pb.length === 0) return null;
    const option: Option = {
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 70 },
      xAxis: { type: 'value', name: field, nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: '$ per clip', nameLocation: 'middle', nameGap: 55, axisLabel: { formatter: fmtAxis.usd } },
      series: [pa, pb].map((pts, i) => ({ name: `${names[i]} cost per clip ($/clip)`, type: 'line', color: colors[i], data: pts })),
    };
    return chartBox('compare-sweep', `Sweep of ${field}: both runs ($ per clip)`, option, {
      headers: ['run', field, 'cost_per_clip_usd'],
      rows: [...pa.map(([x, y]) => [ra.id, x, y]), ...pb.map(([x, y]) => [rb.id, x, y])],
    });
  }
  return null;
}
