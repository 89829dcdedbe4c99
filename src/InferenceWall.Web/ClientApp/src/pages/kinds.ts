/** One view per run kind, from the CLI's --format json of that kind, with the charts the CLI draws. */

import { h, facts, table, type Child } from '../dom';
import { chartBox, fmtAxis, palette, type ChartData, type Option } from '../charts';
import { arr, at, type Json } from '../types';
import { bytesGb, isNum, leaf, num, pct, seconds, usd } from '../format';

export function kindView(kind: string, r: Json): HTMLElement {
  switch (kind) {
    case 'economics': return economics(r);
    case 'simulate': return simulate(r);
    case 'sensitivity': return sensitivity(r);
    case 'montecarlo': return monteCarlo(r);
    case 'optimize': return optimize(r);
    case 'capacity': return capacity(r);
    case 'sweep': return sweep(r);
    case 'estimate': return estimate(r);
    case 'case': return caseView(r);
    // A kind this page does not know yet: the result as JSON.
    default: return h('section', null, h('h2', null, 'Result'), h('pre', { class: 'code' }, JSON.stringify(r, null, 2)));
  }
}

/** Notes, caveats and warnings, shown beside the numbers they qualify. */
export function notesBox(title: string, notes: unknown, extra: Child[] = []): HTMLElement | null {
  const list = (Array.isArray(notes) ? notes : []).filter((x) => typeof x === 'string') as string[];
  const items: Child[] = [...list.map((n) => h('li', null, n)), ...extra.filter(Boolean).map((x) => h('li', null, x))];
  if (items.length === 0) return null;
  return h('aside', { class: 'notes', 'data-notes': title }, h('h3', null, title), h('ul', null, items));
}

/** Figures beside their notes. */
function withNotes(main: Child, notes: HTMLElement | null): HTMLElement {
  return h('div', { class: notes ? 'beside' : '' }, h('div', null, main), notes);
}

function reason(x: unknown): Child {
  return typeof x === 'string' && x ? h('span', { class: 'reason' }, ` (${x})`) : null;
}

// ---------------------------------------------------------------- economics

function economics(r: Json): HTMLElement {
  const f = (r.figures ?? {}) as Json;
  const mix = arr(r.clip_mix);
  const figures = facts([
    ['clips per day', num(f.clips_per_day)],
    ['cost per clip', h('span', { 'data-figure': 'cost_per_clip_usd' }, `${usd(f.cost_per_clip_usd)}/clip`)],
    ['  of which compute', `${usd(f.compute_cost_per_clip_usd)}/clip`],
    ['  of which other costs', `${usd(f.other_cost_per_clip_usd)}/clip`],
    ['revenue per clip', h('span', { 'data-figure': 'revenue_per_clip_usd' }, `${usd(f.revenue_per_clip_usd)}/clip`)],
    ['break-even price', `${usd(f.break_even_price_per_clip_usd)}/clip`],
    ['gross margin', [pct(f.gross_margin), reason(f.gross_margin_reason)]],
    ['efficiency gain needed', [isNum(f.efficiency_gain_needed) ? `${num(f.efficiency_gain_needed, 2)}× cheaper compute` : '—', reason(f.efficiency_gain_needed_reason)]],
    ['compute cost', `${usd(f.compute_cost_usd_per_day)}/day`],
    ['revenue', `${usd(f.revenue_usd_per_day)}/day`],
    ['gross profit', `${usd(f.gross_profit_usd_per_day)}/day`],
    [`gross profit over ${num(r.horizon_days)} days`, usd(f.horizon_gross_profit_usd)],
    ['GPU-hours', `${num(f.gpu_hours_per_day)} GPU-h/day`],
    ['blended price', `${usd(f.blended_usd_per_gpu_hour)}/GPU-hour`],
    ['average GPUs busy', num(f.average_gpus)],
    ['energy', `${num(f.energy_kwh_per_clip)} kWh/clip · ${num(f.energy_kwh_per_day)} kWh/day · ${num(f.continuous_mw)} MW`],
    ['build-out', [`${num(f.build_out_gpus)} GPUs (${num(f.build_out_replicas)} replicas), ${usd(f.build_out_capex_usd)} capex`, reason(f.build_out_capex_reason)]],
    ['price basis', leaf(r.price_basis)],
  ], { 'data-table': 'figures' });
  const day = r.simulated_day as Json | null | undefined;
  return h('section', { class: 'kind economics' },
    h('h2', null, r.above_wall ? 'Above the wall: each clip costs more than it earns' : 'Below the wall: each clip earns more than it costs'),
    h('div', { class: 'charts two' }, wallChart(r), valueChainChart(r)),
    withNotes(figures, notesBox('Notes', r.notes)),
    mix.length > 0 ? [h('h3', null, 'Clip mix'), table(['share (%)', 'resolution (px)', 'length (s)', 'fps', 'frames', 'steps', 'latency (s)', 'GPU-seconds (s)', 'energy (kWh)', 'compute cost ($/clip)', 'peak memory (GB)'],
      mix.map((m) => [pct(m.share, 0), `${m.width}×${m.height}`, num(m.seconds), num(m.fps), num(m.frames), num(m.steps), num(m.latency_s), num(m.gpu_seconds), num(m.energy_kwh), usd(m.compute_cost_usd), bytesGb(m.peak_memory_bytes)]), { 'data-table': 'clip-mix' })] : null,
    arr(r.tiers).length > 0 ? [h('h3', null, 'Tiers'), table(['tier', 'plan', 'users', 'clips per day', 'revenue ($/day)'],
      arr(r.tiers).map((t) => [leaf(t.tier), leaf(t.plan), num(t.users), num(t.clips_per_day), usd(t.revenue_usd_per_day)]))] : null,
    arr(r.plan_break_evens).length > 0 ? [h('h3', null, 'Plan break-evens'), table(['plan', 'price ($/month)', 'break-even (clips/month)', 'used (clips/subscriber/month)'],
      arr(r.plan_break_evens).map((p) => [leaf(p.plan), usd(p.usd_per_month), num(p.break_even_clips_per_month), num(p.clips_per_subscriber_per_month)]))] : null,
    day ? simulatedDay(day) : null,
    arr(r.levers).length > 0 ? [h('h3', null, 'The levers that matter most, each alone (iwall levers combines them)'),
      table(['lever', 'kind', 'factor (×)', 'cost per clip ($/clip)', 'quality'],
        arr(r.levers).map((l) => [leaf(l.lever), leaf(l.kind), `×${num(l.factor, 3)}`, usd(l.cost_per_clip_usd), leaf(l.quality_note)]), { 'data-table': 'levers' })] : null,
    apiTable(r));
}

/** The wall: cost per clip as compute gets cheaper (log-log) against the price lines; the crossing is break-even. */
function wallChart(r: Json): HTMLElement {
  const f = (r.figures ?? {}) as Json;
  const compute = Number(f.compute_cost_per_clip_usd ?? 0);
  const other = Number(f.other_cost_per_clip_usd ?? 0);
  const prices: { label: string; usd: number }[] = [];
  if (isNum(f.revenue_per_clip_usd)) prices.push({ label: 'revenue per clip', usd: f.revenue_per_clip_usd });
  const sora = arr(r.apis).find((a) => a.model === 'sora-2' && a.comparable === true && isNum(a.usd_per_video_second));
  if (sora) {
    const secs = arr(r.clip_mix).reduce((s, m) => s + Number(m.share ?? 0) * Number(m.seconds ?? 0), 0);
    if (secs > 0) prices.push({ label: `${sora.model} API at ${sora.resolution}`, usd: Number(sora.usd_per_video_second) * secs });
  }
  const crossings = prices.filter((p) => p.usd > other).map((p) => compute / (p.usd - other));
  const maxGain = Math.max(10, 10 ** Math.ceil(Math.log10(Math.max(2, Math.max(1, ...crossings) * 2))));
  const steps = 60;
  const gains = Array.from({ length: steps + 1 }, (_, i) => maxGain ** (i / steps));
  const cost = gains.map((g) => compute / g + other);
  const series: Json[] = [{
    name: 'cost per clip ($/clip)', type: 'line', showSymbol: false, lineStyle: { width: 3 }, color: palette[0],
    data: gains.map((g, i) => [g, cost[i]]),
  }];
  prices.forEach((p, i) => {
    if (p.usd <= 0) return;
    series.push({ name: `${p.label}: ${usd(p.usd)}/clip`, type: 'line', showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, color: palette[(i + 1) % palette.length], data: [[1, p.usd], [maxGain, p.usd]] });
  });
  const marks = prices.map((p, i) => ({ p, i, g: p.usd > other ? compute / (p.usd - other) : NaN })).filter((x) => isNum(x.g) && x.g >= 1);
  if (marks.length > 0) {
    series.push({
      name: 'break-even (crosses the wall)', type: 'scatter', symbolSize: 12, color: '#222',
      data: marks.map((m) => ({ value: [m.g, m.p.usd], name: `${m.p.label}: crosses at ${num(m.g, 1)}×` })),
      label: { show: true, position: 'right', formatter: (x: { data: { value: number[] } }) => `crosses at ${num(x.data.value[0], 1)}×` },
    });
  }
  const all = [...cost, ...prices.filter((p) => p.usd > 0).map((p) => p.usd)];
  const option: Option = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, left: 0, orient: 'vertical', itemGap: 4 },
    grid: { left: 70, right: 30, top: 20, bottom: 40 + 20 * (series.length) },
    xAxis: { type: 'log', name: 'efficiency gain (× cheaper compute per clip, log)', nameLocation: 'middle', nameGap: 28, min: 1, max: maxGain, axisLabel: { formatter: fmtAxis.times } },
    yAxis: { type: 'log', name: '$ per clip (log)', nameLocation: 'middle', nameGap: 55, min: 10 ** Math.floor(Math.log10(Math.min(...all) / 1.5)), max: 10 ** Math.ceil(Math.log10(Math.max(...all) * 1.5)), axisLabel: { formatter: fmtAxis.usd } },
    series,
  };
  const data: ChartData = {
    headers: ['efficiency_gain_x', 'cost_per_clip_usd', ...prices.map((p) => `${p.label.replace(/[^a-z0-9.]+/gi, '_')}_usd_per_clip`)],
    rows: gains.map((g, i) => [g, cost[i], ...prices.map((p) => p.usd)]),
  };
  const note = crossings.length === 0 ? 'No price line is above the other (non-compute) costs: no efficiency gain reaches break-even.'
    : `Break-even price today: ${usd(f.break_even_price_per_clip_usd)}/clip.`;
  return chartBox('wall', 'The wall: cost per clip vs price per clip', option, data, note);
}

/** Where each day's dollar goes (costs and the app's margin) against where it comes from (revenue, and the loss). */
function valueChainChart(r: Json): HTMLElement {
  const v = (r.value_chain ?? {}) as Json;
  const f = (r.figures ?? {}) as Json;
  const segs = arr(v.segments);
  const revenue = Number(f.revenue_usd_per_day ?? 0);
  const positives = segs.filter((s) => Number(s.usd_per_day) > 0);
  const losses = segs.filter((s) => Number(s.usd_per_day) < 0);
  const top = Math.max(positives.reduce((a, s) => a + Number(s.usd_per_day), 0), revenue - losses.reduce((a, s) => a + Number(s.usd_per_day), 0));
  const scale = top >= 1e6 ? 1e6 : 1e3;
  const unit = scale >= 1e6 ? '$M/day' : '$k/day';
  const val = (x: number): number => x / scale;
  const series: Json[] = positives.map((s, i) => ({
    name: `${s.label}: ${usd(s.usd_per_day)}/day${isNum(s.share) && v.shares_of ? ` (${pct(s.share)} of ${v.shares_of})` : ''}`,
    type: 'bar', stack: 'money', barWidth: '45%', color: palette[i % palette.length], data: [val(Number(s.usd_per_day)), '-'],
  }));
  if (revenue > 0) series.push({ name: `revenue: ${usd(revenue)}/day`, type: 'bar', stack: 'money', color: '#9e9e9e', data: ['-', val(revenue)], label: { show: true, formatter: 'revenue' } });
  for (const l of losses) series.push({ name: `${l.label}: ${usd(-Number(l.usd_per_day))}/day`, type: 'bar', stack: 'money', color: '#f4b6b6', data: ['-', val(-Number(l.usd_per_day))], label: { show: true, formatter: 'loss' } });
  const option: Option = {
    tooltip: { trigger: 'item' },
    legend: { right: 0, top: 10, orient: 'vertical', width: 300, textStyle: { width: 280, overflow: 'break' } },
    grid: { left: 70, right: 320, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: ['where the money goes', 'where it comes from'], axisLabel: { interval: 0 } },
    yAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 50 },
    series,
  };
  const data: ChartData = {
    headers: ['segment', 'key', 'usd_per_day', `share_of_${v.shares_of ?? 'total'}`],
    rows: [...segs.map((s) => [String(s.label), String(s.key), Number(s.usd_per_day), isNum(s.share) ? s.share : null]), ['revenue', 'revenue', revenue, null]],
  };
  return chartBox('value-chain', 'The value chain: where each dollar goes ($ per day)', option, data, v.capex_source ? h('span', { class: 'muted' }, `GPU capex ${usd(v.gpu_capex_usd)} over ${num(v.amortization_years)} years; chip vendor gross margin ${pct(v.chip_vendor_gross_margin)} (${v.capex_source})`) : null);
}

function simulatedDay(d: Json): HTMLElement {
  const cls = arr(d.capacity);
  return h('div', { class: 'simulated-day' },
    h('h3', null, 'The simulated day'),
    facts([
      ['seed', leaf(d.seed)],
      ['clips completed', num(d.completed_clips)],
      ['GPU-hours paid', `${num(d.gpu_hours_paid)} GPU-h`],
      ['cost', `${usd(d.cost_usd)}/day`],
      ['utilization', pct(d.utilization)],
    ]),
    cls.length > 0 ? fleetChart('fleet', cls.map((c) => ({ label: String(c.capacity), busy: Number(c.gpu_hours_busy), idle: Number(c.gpu_hours_idle), cost: Number(c.cost_usd) }))) : null);
}

function fleetChart(name: string, rows: { label: string; busy: number; idle: number; cost: number }[]): HTMLElement {
  const option: Option = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: rows.map((r) => r.label), name: 'capacity class' },
    yAxis: { type: 'value', name: 'GPU-hours per day', nameLocation: 'middle', nameGap: 55 },
    series: [
      { name: 'busy (GPU-h)', type: 'bar', stack: 'h', color: palette[0], data: rows.map((r) => r.busy) },
      { name: 'idle, paid (GPU-h)', type: 'bar', stack: 'h', color: '#c8cbd3', data: rows.map((r) => r.idle) },
    ],
  };
  return chartBox(name, 'The fleet over the day: busy and idle GPU-hours by capacity class', option,
    { headers: ['capacity', 'gpu_hours_busy', 'gpu_hours_idle', 'cost_usd'], rows: rows.map((r) => [r.label, r.busy, r.idle, r.cost]) }, undefined, 300);
}

function apiTable(r: Json): HTMLElement | null {
  const apis = arr(r.apis);
  if (apis.length === 0) return null;
  const comparable = apis.filter((a) => a.comparable === true);
  return h('details', { class: 'apis' },
    h('summary', null, `Video API prices (${comparable.length} comparable of ${apis.length})`),
    r.api_comparison_rule ? h('p', { class: 'muted' }, String(r.api_comparison_rule)) : null,
    table(['provider', 'model', 'resolution', '$/video-second', 'price ($/clip)', 'our cost ($/clip)', 'implied gross margin (%)', 'as of', 'note'],
      apis.map((a) => [leaf(a.provider), leaf(a.model), leaf(a.resolution), usd(a.usd_per_video_second), usd(a.price_usd_per_clip), usd(a.our_cost_per_clip_usd), pct(a.implied_gross_margin), leaf(a.as_of), a.comparable ? '' : leaf(a.not_comparable_reason)]),
      { 'data-table': 'apis' }));
}

// ---------------------------------------------------------------- simulate

function simulate(r: Json): HTMLElement {
  if (r.servers !== undefined && r.tiers === undefined) {
    return h('section', { class: 'kind simulate' }, h('h2', null, 'M/M/c check'), facts(Object.entries(r).map(([k, v]) => [k.replace(/_/g, ' '), leaf(v)] as [string, Child])));
  }
  const lat = (r.latency_s ?? {}) as Json;
  const wait = (r.wait_s ?? {}) as Json;
  const keys = ['mean', 'p50', 'p90', 'p99'];
  const latencyOption: Option = {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: keys.map((k) => k.toUpperCase()), name: 'statistic' },
    yAxis: { type: 'value', name: 'seconds (s)', nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: fmtAxis.s } },
    series: [
      { name: 'queue wait (s)', type: 'bar', color: palette[2], data: keys.map((k) => at(wait, k) ?? null) },
      { name: 'latency, arrival to done (s)', type: 'bar', color: palette[0], data: keys.map((k) => at(lat, k) ?? null) },
    ],
  };
  const tiers = arr(r.tiers);
  const tierOption: Option = {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    grid: { left: 70, right: 70, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: tiers.map((t) => String(t.tier)), name: 'tier' },
    yAxis: [
      { type: 'value', name: 'latency (s)', nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: fmtAxis.s } },
      { type: 'value', name: 'SLO attainment (%)', min: 0, max: 100, nameLocation: 'middle', nameGap: 45, axisLabel: { formatter: fmtAxis.pct } },
    ],
    series: [
      { name: 'P50 latency (s)', type: 'bar', color: palette[4], data: tiers.map((t) => t.latency_p50_s ?? null) },
      { name: 'P99 latency (s)', type: 'bar', color: palette[0], data: tiers.map((t) => t.latency_p99_s ?? null) },
      { name: 'SLO attainment (%)', type: 'line', yAxisIndex: 1, color: palette[3], data: tiers.map((t) => (isNum(t.slo_attainment) ? t.slo_attainment * 100 : null)) },
    ],
  };
  const series = arr(r.fleet_series);
  return h('section', { class: 'kind simulate' },
    h('h2', null, 'The simulated day'),
    withNotes(facts([
      ['seed', leaf(r.seed)],
      ['duration', seconds(r.duration_s)],
      ['arrivals / completed', `${num(r.arrivals)} / ${num(r.completed)} clips`],
      ['rejected / timed out / preempted', `${num(r.rejected)} / ${num(r.timed_out)} / ${num(r.preemptions)}`],
      ['SLO attainment', [pct(r.slo_attainment), reason(r.slo_attainment_reason)]],
      ['utilization', pct(r.utilization)],
      ['GPU-hours busy / idle', `${num(r.gpu_hours_busy)} / ${num(r.gpu_hours_idle)} GPU-h`],
      ['cost', `${usd(r.cost_usd)}/day`],
      ['realized cost per clip', `${usd(r.realized_cost_per_clip_usd)}/clip`],
      ['at average load', `${usd(r.average_load_cost_per_clip_usd)}/clip`],
      ['lost GPU-hours', `${num(r.lost_gpu_hours)} GPU-h`],
      ['energy', `${num(r.energy_kwh)} kWh`],
      ['events', num(r.events)],
    ], { 'data-table': 'figures' }), notesBox('Notes', r.notes)),
    series.length > 0 ? seriesChart(series) : null,
    h('div', { class: 'charts two' },
      chartBox('latency', 'Latency and queue wait percentiles (s)', latencyOption, { headers: ['statistic', 'wait_s', 'latency_s'], rows: keys.map((k) => [k, at(wait, k) as number, at(lat, k) as number]) }),
      chartBox('tiers', 'Per tier: latency (s) and SLO attainment (%)', tierOption, {
        headers: ['tier', 'completed', 'latency_p50_s', 'latency_p99_s', 'slo_attainment', 'slo_attainment_reason'],
        rows: tiers.map((t) => [String(t.tier), t.completed as number, t.latency_p50_s as number, t.latency_p99_s as number, t.slo_attainment as number, (t.slo_attainment_reason as string) ?? '']),
      })),
    tiers.some((t) => t.slo_attainment_reason) ? notesBox('Why a tier shows no SLO attainment', tiers.filter((t) => t.slo_attainment_reason).map((t) => `${t.tier}: ${t.slo_attainment_reason}`)) : null,
    arr(r.classes).length > 0 ? fleetChart('fleet', arr(r.classes).map((c) => ({ label: String(c.label ?? c.capacity), busy: Number(c.gpu_hours_busy), idle: Number(c.gpu_hours_idle), cost: Number(c.cost_usd) }))) : null);
}

/** The queue and the fleet over the day (`fleet_series`: a sample every `simulation.sample_interval_s`, default 10 min). */
function seriesChart(series: Json[]): HTMLElement {
  const lines: [string, string][] = [
    ['replicas_busy', 'replicas busy'], ['replicas_reserved', 'replicas reserved'], ['replicas_on_demand', 'replicas on demand'],
    ['replicas_spot', 'replicas spot'], ['queue_length', 'clips waiting (queue)'],
  ];
  const shown = lines.filter(([k]) => series.some((p) => Number(p[k]) > 0));
  const option: Option = {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 20, bottom: 70 },
    xAxis: { type: 'value', name: 'time since the start (h)', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { type: 'value', name: 'replicas / clips waiting', nameLocation: 'middle', nameGap: 50 },
    series: shown.map(([k, label], i) => ({ name: label, type: 'line', step: 'end', showSymbol: false, color: palette[i % palette.length], data: series.map((p) => [Number(p.time_s) / 3600, p[k]]) })),
  };
  const step = series.length > 1 ? (Number(series[1].time_s) - Number(series[0].time_s)) / 60 : 0;
  const every = step > 0 ? ` (a sample every ${num(step)} min)` : '';
  return chartBox('fleet-day', `Fleet and queue over the day${every}`, option, {
    headers: ['time_s', ...lines.map(([k]) => k)],
    rows: series.map((p) => [p.time_s as number, ...lines.map(([k]) => p[k] as number)]),
  });
}

// ---------------------------------------------------------------- sensitivity

function sensitivity(r: Json): HTMLElement {
  const base = Number(r.base_cost_per_clip_usd ?? 0);
  const bars = arr(r.bars).map((b) => ({ b, swing: Math.abs(Number(b.cost_high_usd) - Number(b.cost_low_usd)) }))
    .sort((x, y) => y.swing - x.swing);
  const shown = bars.slice(0, 15).reverse();
  const delta = Number(r.delta ?? 0);
  const option: Option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { bottom: 0 },
    grid: { left: 250, right: 30, top: 20, bottom: 70 },
    xAxis: { type: 'value', name: `change of cost per clip from ${usd(base)} ($/clip)`, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: fmtAxis.usd } },
    yAxis: { type: 'category', data: shown.map((x) => String(x.b.field)), axisLabel: { width: 240, overflow: 'truncate' } },
    series: [
      { name: `input −${pct(delta, 0)}`, type: 'bar', stack: 't', color: palette[0], data: shown.map((x) => Number(x.b.cost_low_usd) - base) },
      { name: `input +${pct(delta, 0)}`, type: 'bar', stack: 't', color: palette[3], data: shown.map((x) => Number(x.b.cost_high_usd) - base) },
    ],
  };
  return h('section', { class: 'kind sensitivity' },
    h('h2', null, 'Sensitivity: which input moves cost per clip most'),
    facts([
      ['base cost per clip', `${usd(base)}/clip`],
      ['base gross margin', [pct(r.base_gross_margin), reason(r.base_gross_margin_reason)]],
      ['each input moved by', `±${pct(delta, 0)}`],
    ]),
    chartBox('tornado', `Tornado: the ${shown.length} inputs that move cost per clip most (of ${bars.length})`, option, {
      headers: ['field', 'base', 'low', 'high', 'cost_low_usd', 'cost_high_usd', 'margin_low', 'margin_high'],
      rows: bars.map(({ b }) => [String(b.field), b.base as number, b.low as number, b.high as number, b.cost_low_usd as number, b.cost_high_usd as number, b.margin_low as number, b.margin_high as number]),
    }, undefined, Math.max(300, shown.length * 26 + 100)),
    notesBox('Skipped inputs', arr(r.skipped).map((s) => (typeof s === 'string' ? s : `${s.field ?? ''}: ${s.reason ?? JSON.stringify(s)}`))));
}

// ---------------------------------------------------------------- Monte Carlo

function monteCarlo(r: Json): HTMLElement {
  const metrics = [
    { key: 'cost_per_clip_usd', label: 'cost per clip ($/clip)', scale: 1, fmt: fmtAxis.usd },
    { key: 'daily_burn_usd', label: 'daily burn ($/day)', scale: 1, fmt: fmtAxis.usd },
    { key: 'gross_margin', label: 'gross margin (%)', scale: 100, fmt: fmtAxis.pct },
  ].filter((m) => r[m.key] && typeof r[m.key] === 'object');
  const n = metrics.length;
  const width = 100 / Math.max(1, n);
  const grid = metrics.map((_, i) => ({ left: `${i * width + 7}%`, width: `${width - 11}%`, top: 30, bottom: 60 }));
  const series: Json[] = [];
  metrics.forEach((m, i) => {
    const q = r[m.key] as Json;
    const p10 = Number(q.p10) * m.scale;
    const p90 = Number(q.p90) * m.scale;
    series.push({ name: 'P10', type: 'bar', stack: `s${i}`, stackStrategy: 'all', xAxisIndex: i, yAxisIndex: i, itemStyle: { color: 'transparent' }, data: [p10], tooltip: { show: false } });
    series.push({ name: 'P10 to P90', type: 'bar', stack: `s${i}`, stackStrategy: 'all', xAxisIndex: i, yAxisIndex: i, color: palette[0], barWidth: '40%', data: [p90 - p10] });
    series.push({ name: 'P50', type: 'scatter', xAxisIndex: i, yAxisIndex: i, symbol: 'rect', symbolSize: [60, 4], color: '#222', data: [Number(q.p50) * m.scale] });
    series.push({ name: 'mean', type: 'scatter', xAxisIndex: i, yAxisIndex: i, symbol: 'diamond', symbolSize: 10, color: palette[3], data: [Number(q.mean) * m.scale] });
  });
  const option: Option = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: ['P10 to P90', 'P50', 'mean'] },
    grid,
    xAxis: metrics.map((m, i) => ({ type: 'category', gridIndex: i, data: [m.label] })),
    yAxis: metrics.map((m, i) => ({ type: 'value', gridIndex: i, scale: true, axisLabel: { formatter: m.fmt } })),
    series,
  };
  return h('section', { class: 'kind montecarlo' },
    h('h2', null, 'Monte Carlo: the spread of outcomes'),
    withNotes(facts([
      ['samples', `${num(r.samples)} (${num(r.failed)} failed, ${num(r.rejected)} rejected)`],
      ['seed', leaf(r.seed)],
      ['share above the wall', pct(r.share_above_wall)],
      ...(r.gross_margin_reason ? [['gross margin', reason(r.gross_margin_reason)] as [string, Child]] : []),
    ]), notesBox('Notes', r.notes, [...arr(r.rejections).map((x) => JSON.stringify(x)), ...arr(r.failures).map((x) => JSON.stringify(x))])),
    chartBox('spread', 'P10 / P50 / P90 spread', option, {
      headers: ['metric', 'p10', 'p50', 'p90', 'mean'],
      rows: metrics.map((m) => { const q = r[m.key] as Json; return [m.key, q.p10 as number, q.p50 as number, q.p90 as number, q.mean as number]; }),
    }),
    histogramChart(r),
    table(['metric', 'P10', 'P50', 'P90', 'mean'], metrics.map((m) => {
      const q = r[m.key] as Json;
      const f = m.key === 'gross_margin' ? pct : usd;
      return [m.label, f(q.p10), f(q.p50), f(q.p90), f(q.mean)];
    }), { 'data-table': 'spread' }));
}

/** The Monte Carlo histogram of cost per clip (equal bins from the result), with P10/P50/P90 marked. */
function histogramChart(r: Json): HTMLElement | null {
  const hist = r.cost_per_clip_histogram as Json | null | undefined;
  const counts = Array.isArray(hist?.counts) ? (hist!.counts as number[]) : [];
  if (!hist || counts.length === 0 || !isNum(hist.start) || !isNum(hist.bin_width)) return null;
  const start = hist.start;
  const width = hist.bin_width;
  const q = (r.cost_per_clip_usd ?? {}) as Json;
  const total = counts.reduce((a, c) => a + c, 0);
  const bins = counts.map((c, i) => ({ lo: start + i * width, hi: start + (i + 1) * width, count: c }));
  const marks = (['p10', 'p50', 'p90'] as const).filter((k) => isNum(q[k])).map((k) => ({ name: k.toUpperCase(), xAxis: (Number(q[k]) - start) / width - 0.5 }));
  const option: Option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 70, right: 30, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: bins.map((b) => usd((b.lo + b.hi) / 2)), name: 'cost per clip ($/clip)', nameLocation: 'middle', nameGap: 35 },
    yAxis: { type: 'value', name: 'samples (count)', nameLocation: 'middle', nameGap: 45 },
    series: [{
      name: 'samples', type: 'bar', barCategoryGap: '5%', color: palette[0], data: counts,
      markLine: { symbol: 'none', label: { formatter: '{b}' }, lineStyle: { color: '#222', type: 'dashed' }, data: marks },
    }],
  };
  return chartBox('histogram', `Cost per clip over ${num(total)} samples ($/clip)`, option, {
    headers: ['bin_low_usd', 'bin_high_usd', 'count'],
    rows: bins.map((b) => [b.lo, b.hi, b.count]),
  }, undefined, 320);
}

// ---------------------------------------------------------------- optimize

function optionRow(o: Json): Child[] {
  const q = (o.quote ?? {}) as Json;
  return [leaf(o.gpu), `${leaf(q.provider_name ?? o.provider)} ${leaf(q.sku ?? '')}`, leaf(o.capacity), num(o.gpus), `U${o.ulysses} · CFG${o.cfg_parallel}`, num(o.steps), num(o.latency_s), usd(o.cost_per_clip_usd), usd(o.daily_cost_usd), num(o.fleet_gpus), `${usd(q.usd_per_gpu_hour)}/GPU-h · ${leaf(q.as_of)}`, o.reason === 'none' ? '' : `${o.reason}: ${o.detail ?? ''}`];
}

const optionHeaders = ['GPU', 'provider / SKU', 'capacity', 'GPUs', 'parallel', 'steps', 'latency (s)', 'cost ($/clip)', 'cost ($/day)', 'fleet GPUs', 'quote', 'why it lost'];

function optimize(r: Json): HTMLElement {
  const best = r.best as Json | null | undefined;
  const runners = arr(r.runners_up);
  const lost = arr(r.why_others_lost);
  const counts = (r.loss_counts ?? {}) as Json;
  const everyOption = [...(best ? [{ ...best, reason: 'best' }] : []), ...runners.map((x) => ({ ...x, reason: 'runner-up' })), ...lost];
  const reasons = [...new Set(everyOption.map((o) => String(o.reason)))];
  const scatter: Option = {
    tooltip: { trigger: 'item', formatter: (p: { data: { name: string } }) => p.data.name },
    legend: { bottom: 0 },
    grid: { left: 70, right: 30, top: 20, bottom: 70 },
    xAxis: { type: 'value', name: 'latency of one clip (s)', nameLocation: 'middle', nameGap: 28, scale: true, axisLabel: { formatter: fmtAxis.s } },
    yAxis: { type: 'log', name: 'cost per clip ($/clip, log)', nameLocation: 'middle', nameGap: 55, axisLabel: { formatter: fmtAxis.usd } },
    series: reasons.map((why, i) => ({
      name: why, type: 'scatter', symbolSize: why === 'best' ? 18 : 10, color: why === 'best' ? '#222' : palette[i % palette.length],
      data: everyOption.filter((o) => String(o.reason) === why).map((o) => ({ value: [o.latency_s, o.cost_per_clip_usd], name: `${o.gpu} ×${o.gpus} ${o.provider} ${o.capacity}, ${o.steps} steps: ${usd(o.cost_per_clip_usd)}/clip, ${num(o.latency_s)} s` })),
    })),
  };
  const countKeys = Object.keys(counts);
  const countOption: Option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 70, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: countKeys, name: 'reason' },
    yAxis: { type: 'log', name: 'options (count, log)', nameLocation: 'middle', nameGap: 50 },
    series: [{ name: 'options that lost', type: 'bar', color: palette[3], data: countKeys.map((k) => Math.max(1, Number(counts[k]))), label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => String(counts[countKeys[p.dataIndex]]) } }],
  };
  return h('section', { class: 'kind optimize' },
    h('h2', null, `Optimize: the cheapest option within the ${seconds(r.slo_s)} SLO (${num(r.evaluated)} evaluated)`),
    best ? [h('h3', null, 'Best'), table(optionHeaders, [optionRow(best)], { 'data-table': 'best' }), notesBox('Caveats', r.caveats)] : h('p', { class: 'empty' }, 'No option meets the SLO.'),
    r.best_at_scenario_steps ? [h('h3', null, `Best at the scenario's ${num(r.scenario_steps)} steps`), table(optionHeaders, [optionRow(r.best_at_scenario_steps as Json)])] : null,
    h('div', { class: 'charts two' },
      chartBox('options', 'Options: latency (s) vs cost per clip ($/clip)', scatter, {
        headers: ['reason', 'gpu', 'provider', 'capacity', 'gpus', 'ulysses', 'cfg_parallel', 'steps', 'latency_s', 'cost_per_clip_usd', 'daily_cost_usd', 'detail'],
        rows: everyOption.map((o) => [String(o.reason), String(o.gpu), String(o.provider), String(o.capacity), o.gpus as number, o.ulysses as number, o.cfg_parallel as number, o.steps as number, o.latency_s as number, o.cost_per_clip_usd as number, o.daily_cost_usd as number, String(o.detail ?? '')]),
      }),
      chartBox('losses', 'Why the others lost (options, count)', countOption, { headers: ['reason', 'count'], rows: countKeys.map((k) => [k, counts[k] as number]) })),
    runners.length > 0 ? [h('h3', null, 'Runners-up'), table(optionHeaders, runners.map(optionRow), { 'data-table': 'runners-up' })] : null,
    lost.length > 0 ? [h('h3', null, 'Why others lost (examples)'), table(optionHeaders, lost.map(optionRow), { 'data-table': 'why-others-lost' })] : null);
}

/** A capacity search's fleets; a run stored before many fleets could be searched is its one fleet. */
function capacityFleets(r: Json): Json[] {
  if (Array.isArray(r.fleets)) return arr(r.fleets);
  const cap = Number(r.fleet_capacity_clips_per_hour);
  return [{ ...r, utilization_at_max: isNum(r.max_clips_per_hour) && cap > 0 ? r.max_clips_per_hour / cap : null }];
}

interface TryPoint { x: number; latency: unknown; meets: boolean; label: string }

/** Tries as points of latency against offered load, those meeting the SLO apart from those missing it, and the SLO's line. */
function triesOption(r: Json, points: TryPoint[], xName: string, xFormat?: (v: number) => string): Option {
  const xs = points.map((p) => p.x);
  return {
    tooltip: { trigger: 'item', formatter: (p: unknown) => String((p as { name?: string }).name ?? '') },
    legend: { bottom: 0 },
    grid: { left: 70, right: 30, top: 20, bottom: 70 },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 28, scale: true, ...(xFormat ? { axisLabel: { formatter: xFormat } } : {}) },
    yAxis: { type: 'value', name: `P${num(r.percentile)} latency (s)`, nameLocation: 'middle', nameGap: 55, axisLabel: { formatter: fmtAxis.s } },
    series: [
      { name: 'meets the SLO', type: 'scatter', color: palette[1], symbolSize: 11, data: points.filter((p) => p.meets).map((p) => ({ value: [p.x, p.latency], name: p.label })) },
      { name: 'misses the SLO', type: 'scatter', color: palette[3], symbolSize: 11, data: points.filter((p) => !p.meets).map((p) => ({ value: [p.x, p.latency], name: p.label })) },
      { name: `SLO ${seconds(r.slo_s)}`, type: 'line', color: '#222', lineStyle: { type: 'dashed' }, showSymbol: false, data: xs.length ? [[Math.min(...xs), r.slo_s], [Math.max(...xs), r.slo_s]] : [] },
    ],
  };
}

function capacity(r: Json): HTMLElement {
  const fleets = capacityFleets(r);
  const p = `P${num(r.percentile)}`;
  const common: [string, string][] = [
    ['SLO', `${p} ≤ ${seconds(r.slo_s)}`],
    ['simulated', `${num(r.hours)} h per try, seed ${leaf(r.seed)}`],
  ];
  const tryHeaders = ['replicas', 'clips_per_hour', 'load_share', 'latency_s', 'meets_slo', 'measured_clips'];
  const tryRows = fleets.flatMap((f) => arr(f.tries).map((t) => [f.replicas as number, t.clips_per_hour as number,
    Number(t.clips_per_hour) / Number(f.fleet_capacity_clips_per_hour), t.latency_s as number, String(t.meets_slo), t.measured_clips as number]));
  if (fleets.length === 1) {
    const f = fleets[0]!;
    const tries = arr(f.tries);
    return h('section', { class: 'kind capacity' },
      h('h2', null, 'Capacity search: the most load the fleet serves within the SLO'),
      facts([
        ['max load within the SLO', `${num(f.max_clips_per_hour)} clips/hour (${pct(f.utilization_at_max)} of the fleet's capacity)`],
        ['fleet', `${num(f.replicas)} replicas, ${num(f.gpus)} GPUs, ${num(f.fleet_capacity_clips_per_hour)} clips/hour at full use`],
        ...common,
        ...(f.caveat ? [['note', String(f.caveat)] as [string, string]] : []),
      ]),
      chartBox('capacity', 'Tries: offered load (clips/hour) vs latency (s)',
        triesOption(r, tries.map((t) => ({ x: Number(t.clips_per_hour), latency: t.latency_s, meets: Boolean(t.meets_slo), label: `${num(t.clips_per_hour)} clips/hour: ${p} ${seconds(t.latency_s)}` })), 'offered load (clips/hour)'),
        { headers: tryHeaders, rows: tryRows }));
  }

  const labels = fleets.map((f) => `${num(f.replicas)} × ${num(Number(f.gpus) / Number(f.replicas))} GPUs`);
  const fleetOption: Option = {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    grid: { left: 80, right: 70, top: 20, bottom: 80 },
    xAxis: { type: 'category', data: labels, name: 'fleet (replicas × GPUs per replica)', nameLocation: 'middle', nameGap: 30 },
    yAxis: [
      { type: 'value', name: 'clips/hour', nameLocation: 'middle', nameGap: 60 },
      { type: 'value', name: 'utilization at max (%)', nameLocation: 'middle', nameGap: 45, min: 0, max: 100 },
    ],
    series: [
      { name: `max within the SLO (clips/hour)`, type: 'bar', color: palette[1], data: fleets.map((f) => f.max_clips_per_hour ?? null) },
      { name: 'capacity, every replica busy (clips/hour)', type: 'bar', color: '#c8c8c8', data: fleets.map((f) => f.fleet_capacity_clips_per_hour) },
      { name: 'utilization at max (%)', type: 'line', yAxisIndex: 1, color: palette[0], data: fleets.map((f) => isNum(f.utilization_at_max) ? f.utilization_at_max * 100 : null) },
    ],
  };
  const met = fleets.filter((f) => isNum(f.max_clips_per_hour));
  const fleetHeaders = ['replicas', 'gpus', 'max_clips_per_hour', 'fleet_capacity_clips_per_hour', 'utilization_at_max', 'latency_at_max_s', 'reason', 'caveat'];
  return h('section', { class: 'kind capacity' },
    h('h2', null, `Capacity search: the most load each of ${num(fleets.length)} fleets serves within the SLO`),
    facts([
      ['fleets', `${num(fleets.length)}, ${num(met.length)} with a load that meets the SLO`],
      ...common,
    ]),
    h('div', { class: 'charts two' },
      chartBox('fleets', 'Most load within the SLO and capacity (clips/hour), utilization at max (%), by fleet', fleetOption, {
        headers: fleetHeaders,
        rows: fleets.map((f) => [f.replicas as number, f.gpus as number, f.max_clips_per_hour as number, f.fleet_capacity_clips_per_hour as number, f.utilization_at_max as number, f.latency_at_max_s as number, String(f.reason ?? ''), String(f.caveat ?? '')]),
      }),
      chartBox('capacity', "Every fleet's tries: offered load (share of its capacity) vs latency (s)",
        triesOption(r, fleets.flatMap((f) => arr(f.tries).map((t) => ({
          x: Number(t.clips_per_hour) / Number(f.fleet_capacity_clips_per_hour), latency: t.latency_s, meets: Boolean(t.meets_slo),
          label: `${num(f.replicas)} replicas at ${num(t.clips_per_hour)} clips/hour: ${p} ${seconds(t.latency_s)}`,
        }))), "offered load (share of the fleet's capacity)", (v) => `${Math.round(v * 100)} %`),
        { headers: tryHeaders, rows: tryRows })),
    table(['replicas', 'GPUs', 'max within the SLO (clips/hour)', 'capacity, all busy (clips/hour)', 'utilization at max', `latency ${p} at max (s)`, 'note'],
      fleets.map((f) => [num(f.replicas), num(f.gpus), (f.caveat ? '≤ ' : '') + num(f.max_clips_per_hour), num(f.fleet_capacity_clips_per_hour), pct(f.utilization_at_max), num(f.latency_at_max_s),
        String(f.reason ?? f.caveat ?? '')]),
      { 'data-table': 'fleets' }));
}

// ---------------------------------------------------------------- sweep

function sweep(r: Json): HTMLElement {
  const fields = (Array.isArray(r.fields) ? r.fields : []) as string[];
  const points = arr(r.points);
  const valueOf = (p: Json, f: string): number | string | null => {
    const v = arr(p.values).find((x) => x.field === f);
    if (!v) return null;
    return isNum(v.number) ? v.number : v.text !== undefined ? String(v.text) : null;
  };
  const charts = fields.map((f, fi) => {
    const xs = points.map((p) => valueOf(p, f));
    const numeric = xs.every((x) => typeof x === 'number');
    const pairs = (key: string, scale = 1): unknown[] => points.map((p, i) => [numeric ? xs[i] : String(xs[i]), isNum(p[key]) ? p[key] * scale : null]);
    const option: Option = {
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
      grid: { left: 70, right: 70, top: 20, bottom: 70 },
      xAxis: numeric ? { type: 'value', name: f, nameLocation: 'middle', nameGap: 28, scale: true } : { type: 'category', name: f, data: [...new Set(xs.map(String))] },
      yAxis: [
        { type: 'value', name: '$ per clip', nameLocation: 'middle', nameGap: 55, axisLabel: { formatter: fmtAxis.usd } },
        { type: 'value', name: 'latency (s)', nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: fmtAxis.s } },
      ],
      series: [
        { name: 'cost per clip ($/clip)', type: 'line', color: palette[0], data: pairs('cost_per_clip_usd') },
        { name: 'revenue per clip ($/clip)', type: 'line', color: palette[1], lineStyle: { type: 'dashed' }, data: pairs('revenue_per_clip_usd') },
        { name: 'latency (s)', type: 'line', yAxisIndex: 1, color: palette[2], data: pairs('latency_s') },
      ],
    };
    return chartBox(fields.length === 1 ? 'sweep' : `sweep-${fi}`, `Sweep of ${f}`, option, {
      headers: [...fields, 'cost_per_clip_usd', 'revenue_per_clip_usd', 'gross_margin', 'daily_burn_usd', 'latency_s', 'gpu_hours_per_day'],
      rows: points.map((p) => [...fields.map((g) => valueOf(p, g)), p.cost_per_clip_usd as number, p.revenue_per_clip_usd as number, p.gross_margin as number, p.daily_burn_usd as number, p.latency_s as number, p.gpu_hours_per_day as number]),
    });
  });
  return h('section', { class: 'kind sweep' },
    h('h2', null, `Sweep: ${num(r.point_count)} points`),
    num(r.points_without_figures) !== '0' ? h('p', { class: 'warn' }, `${num(r.points_without_figures)} points have no figures (see their problems below).`) : null,
    h('div', { class: 'charts' }, charts),
    table([...fields, 'cost ($/clip)', 'revenue ($/clip)', 'gross margin (%)', 'daily burn ($/day)', 'latency (s)', 'GPU-hours (GPU-h/day)', 'problems'],
      points.slice(0, 500).map((p) => [...fields.map((g) => leaf(valueOf(p, g))), usd(p.cost_per_clip_usd), usd(p.revenue_per_clip_usd), [pct(p.gross_margin), reason(p.gross_margin_reason)], usd(p.daily_burn_usd), num(p.latency_s), num(p.gpu_hours_per_day), arr(p.problems).map((q) => `${q.path ?? ''}: ${q.message ?? ''}`).join('; ')]),
      { 'data-table': 'points' }));
}

// ---------------------------------------------------------------- estimate

export function estimate(r: Json): HTMLElement {
  if (r.method === 'back_of_envelope') {
    return h('section', { class: 'kind estimate' }, h('h2', null, 'Back-of-envelope estimate'),
      facts([['formula', leaf(r.formula)], ['GPU-minutes', num(r.gpu_minutes)], ['GPUs', num(r.gpus)], ['$/GPU-minute', usd(r.usd_per_gpu_minute)], ['GPU-seconds', `${num(r.gpu_seconds)} s`], ['cost', `${usd(r.cost_usd)}/clip`]], { 'data-table': 'per-clip' }));
  }
  const phases = arr(r.phases);
  const par = (r.parallel ?? {}) as Json;
  const clip = (r.clip ?? {}) as Json;
  const price = (r.price ?? null) as Json | null;
  const option: Option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { bottom: 0 },
    grid: { left: 120, right: 30, top: 20, bottom: 70 },
    xAxis: { type: 'value', name: 'seconds per clip (s)', nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: fmtAxis.s } },
    yAxis: { type: 'category', data: phases.map((p) => String(p.name).replace(/_/g, ' ')), inverse: true },
    series: [
      { name: 'phase time (s)', type: 'bar', color: palette[0], data: phases.map((p) => p.seconds) },
      { name: 'compute (s)', type: 'bar', color: palette[1], data: phases.map((p) => p.compute_s) },
      { name: 'memory (s)', type: 'bar', color: palette[2], data: phases.map((p) => p.memory_s) },
      { name: 'communication (s)', type: 'bar', color: palette[3], data: phases.map((p) => p.communication_s) },
    ],
  };
  return h('section', { class: 'kind estimate' },
    h('h2', null, `One clip of ${leaf(r.model)} on ${num(r.gpus)} × ${leaf(r.gpu)}`),
    withNotes(facts([
      ['clip', `${clip.width}×${clip.height} px, ${num(clip.frames)} frames, ${num(clip.steps)} steps, ${clip.cfg ? 'CFG' : 'no CFG'}, ${leaf(clip.precision)}`],
      ['parallel', `Ulysses ${num(par.ulysses)} · ring ${num(par.ring)} · CFG ${num(par.cfg_parallel)} · TP ${num(par.tensor_parallel)}${par.shard_weights ? ' · sharded weights' : ''}`],
      ['latency', h('span', { 'data-figure': 'latency_s' }, seconds(r.latency_s))],
      ['time per step', seconds(r.step_seconds)],
      ['GPU-seconds', `${num(r.gpu_seconds)} GPU-s`],
      ['cost', [h('span', { 'data-figure': 'cost_usd' }, isNum(r.cost_usd) ? `${usd(r.cost_usd)}/clip` : '—'), reason(r.cost_reason)]],
      ['price', price ? `${usd(r.usd_per_gpu_hour)}/GPU-hour: ${leaf(price.provider_name)} ${leaf(price.sku)} (${leaf(price.pricing_model)}, as of ${leaf(price.as_of)})` : isNum(r.usd_per_gpu_hour) ? `${usd(r.usd_per_gpu_hour)}/GPU-hour` : '—'],
      ['peak memory', `${bytesGb(r.peak_memory_bytes)} of ${bytesGb(r.memory_capacity_bytes)} per GPU`],
      ['energy', `${num(r.energy_kwh)} kWh/clip (PUE ${num(r.pue)})`],
      ['FLOPs', num(r.total_flops)],
      ['tokens', `${num(r.latent_tokens)} latent · ${num(r.sequence_tokens)} sequence`],
      ['calibration', `${leaf(r.calibration)}${isNum(r.calibration_rows) ? `, ${r.calibration_rows} rows used` : ''}`],
    ], { 'data-table': 'per-clip' }), notesBox('Notes', r.notes, price?.chosen_by ? [`price chosen by ${price.chosen_by}`] : [])),
    chartBox('phases', 'Phase breakdown of one clip (s)', option, {
      headers: ['phase', 'seconds', 'compute_s', 'memory_s', 'communication_s', 'flops', 'gpus_busy'],
      rows: phases.map((p) => [String(p.name), p.seconds as number, p.compute_s as number, p.memory_s as number, p.communication_s as number, p.flops as number, p.gpus_busy as number]),
    }, undefined, 300),
    table(['phase', 'time (s)', 'compute (s)', 'memory (s)', 'communication (s)', 'FLOPs', 'GPUs busy'],
      phases.map((p) => [String(p.name), num(p.seconds), num(p.compute_s), num(p.memory_s), num(p.communication_s), num(p.flops), num(p.gpus_busy)]), { 'data-table': 'phases' }));
}

// ---------------------------------------------------------------- case

function caseView(r: Json): HTMLElement {
  const figures = arr(r.figures);
  const models = arr(r.open_models);
  const unit = (v: unknown, u: unknown): string => {
    if (u === '$') return usd(v);
    if (typeof u === 'string' && u.startsWith('$/')) return `${usd(v)}${u.slice(1)}`;
    if (u === '%' || u === 'share') return pct(v);
    return `${num(v)}${u ? ' ' + String(u) : ''}`;
  };
  return h('section', { class: 'kind case' },
    h('h2', null, 'The case: figures and where each comes from'),
    table(['figure', 'value', 'kind', 'basis'], figures.map((f) => [String(f.label ?? f.key), h('span', { 'data-figure': String(f.key) }, unit(f.value, f.unit)), leaf(f.kind), h('span', { class: 'source' }, leaf(f.basis))]), { 'data-table': 'figures' }),
    models.length > 0 ? [h('h3', null, 'Open models on the same clip'), r.open_models_basis ? h('p', { class: 'muted' }, String(r.open_models_basis)) : null,
      table(['model', 'latency (s)', 'GPU-seconds (s)', 'cost ($/clip)', 'vs the Sora estimate (×)', 'refusal'],
        models.map((m) => [leaf(m.model), num(m.latency_s), num(m.gpu_seconds), usd(m.cost_usd), isNum(m.versus_sora_estimate) ? `${num(m.versus_sora_estimate)}×` : '—', leaf(m.refusal ?? '')]), { 'data-table': 'open-models' })] : null);
}
