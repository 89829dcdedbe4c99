/** A stored run: its kind's charts and tables, notes beside the numbers, provenance, exports, re-run and cancel. */

import { h, clear, facts, table, type Child } from '../dom';
import { ApiError, downloadFrom, getJson, problemList, problemView, sendJson } from '../api';
import { setExportStem } from '../charts';
import { navigate } from '../router';
import { finalStatuses, arr, type Run } from '../types';
import { leaf, num, pct, seconds, usd, when } from '../format';
import { kindView } from './kinds';

const pollMs = 1000;

export async function runView(root: HTMLElement, _url: URL, params: Record<string, string>, alive: () => boolean): Promise<void> {
  const id = Number(params.id);
  document.title = `Run #${id} · InferenceWall`;
  setExportStem(`run-${id}`);
  const run = await getJson<Run>(`/api/runs/${id}`);
  if (!alive()) return;
  root.appendChild(page(run));
  if (!finalStatuses.has(run.status)) void poll(id, alive);
}

/** Polls a queued or running run: the bar follows its progress; the view re-renders when it is final. */
async function poll(id: number, alive: () => boolean): Promise<void> {
  for (;;) {
    await new Promise((r) => window.setTimeout(r, pollMs));
    if (!alive()) return;
    let run: Run;
    try {
      run = await getJson<Run>(`/api/runs/${id}`);
    } catch {
      continue;
    }
    if (!alive()) return;
    const bar = document.querySelector<HTMLProgressElement>('progress[data-progress]');
    if (bar && typeof run.progress === 'number') {
      bar.value = run.progress;
      bar.textContent = pct(run.progress, 0);
      const label = document.getElementById('progress-label');
      if (label) label.textContent = `${run.status}: ${pct(run.progress, 0)}`;
    }
    if (finalStatuses.has(run.status)) {
      navigate(location.pathname + location.search, true);
      return;
    }
  }
}

function page(run: Run): HTMLElement {
  const actions = h('div', { class: 'toolbar' },
    h('button', { type: 'button', id: 'export-json', onclick: () => void downloadFrom(`/api/runs/${run.id}/export`, `run-${run.id}.json`).catch(showError) }, 'Export run (JSON)'),
    h('button', { type: 'button', id: 'rerun', title: 're-run this submission with today\'s catalog and compare', onclick: () => void rerun(run.id) }, 'Re-run with today\'s catalog'));
  const message = h('div', { id: 'run-message' });
  const showError = (e: unknown): void => {
    clear(message);
    message.appendChild(problemView(e));
  };
  const rerun = async (id: number): Promise<void> => {
    try {
      const res = await sendJson<{ id: number }>('POST', `/api/runs/${id}/rerun`, {});
      navigate(`/compare?a=${id}&b=${res.body.id}`);
    } catch (e) {
      showError(e);
    }
  };
  let progress: HTMLElement | null = null;
  if (!finalStatuses.has(run.status)) {
    const cancel = h('button', {
      type: 'button', id: 'cancel', class: 'danger', onclick: async () => {
        try {
          await sendJson('POST', `/api/runs/${run.id}/cancel`, {});
          cancel.disabled = true;
          cancel.textContent = 'Cancelling…';
        } catch (e) {
          if (e instanceof ApiError && e.status === 409) navigate(location.pathname, true);
          else showError(e);
        }
      },
    }, 'Cancel');
    const bar = h('progress', { 'data-progress': run.id, max: 1, value: run.progress ?? 0 });
    progress = h('div', { class: 'progress' }, h('span', { id: 'progress-label' }, `${run.status}: ${pct(run.progress ?? 0, 0)}`), bar, cancel);
  }
  const s = run.summary ?? {};
  const result = run.result ?? null;
  return h('article', { class: 'run', 'data-run': run.id, 'data-kind': run.kind, 'data-status': run.status },
    h('h1', null, `Run #${run.id} · ${run.kind}`, ' ', h('span', { class: `status status-${run.status}` }, run.status)),
    h('p', { class: 'subtitle' }, ([
      run.scenario_title ?? run.scenario_name ?? null,
      run.label ? h('em', null, run.label) : null,
      `created ${when(run.created_at)}`,
      run.finished_at ? `finished ${when(run.finished_at)}` : null,
    ] as Child[]).filter((x) => x !== null).flatMap((x, i) => (i === 0 ? [x] : [' · ', x]))),
    actions, message, progress,
    run.problems && run.problems.length > 0 ? h('section', { class: 'error' }, h('h2', null, 'Problems'), problemList(run.problems)) : null,
    h('section', { class: 'summary cards', 'aria-label': 'summary' }, ([
      ['cost per clip', s.cost_per_clip_usd == null ? null : `${usd(s.cost_per_clip_usd)}/clip`],
      ['gross margin', s.gross_margin == null ? null : pct(s.gross_margin)],
      ['P90 latency', s.p90_latency_s == null ? null : seconds(s.p90_latency_s)],
      ['SLO attainment', s.slo_attainment == null ? null : pct(s.slo_attainment)],
      ['daily cost', s.daily_cost_usd == null ? null : `${usd(s.daily_cost_usd)}/day`],
      ['the wall', s.above_wall == null ? null : s.above_wall ? 'above: costs more than it earns' : 'below: earns more than it costs'],
    ] as [string, string | null][]).filter(([, v]) => v !== null).map(([k, v]) => h('div', { class: 'card' }, h('div', { class: 'card-label' }, k), h('div', { class: 'card-value' }, v)))),
    result ? kindView(run.kind, result) : finalStatuses.has(run.status) ? h('p', { class: 'empty' }, 'This run has no result.') : h('p', { class: 'empty' }, 'The result appears when the run finishes.'),
    provenance(run));
}

function provenance(run: Run): HTMLElement {
  const used = run.used_catalog ?? {};
  const prices = arr(used.prices);
  const gpus = arr(used.gpus);
  const models = arr(used.models);
  const opts = run.options && Object.keys(run.options).length > 0 ? JSON.stringify(run.options, null, 2) : null;
  return h('section', { class: 'provenance', id: 'provenance' },
    h('h2', null, 'Provenance'),
    facts([
      ['engine version', run.engine_version ?? '—'],
      ['seed', run.seed == null ? '— (no random draws)' : String(run.seed)],
      ['scenario', run.scenario_name ? `${run.scenario_name}` : '—'],
      ['scenario SHA-256', h('code', null, run.scenario_sha256 ?? '—')],
      ['catalog SHA-256', h('code', null, run.catalog_sha256 ?? '—')],
      ['calibration SHA-256', h('code', null, run.calibration_sha256 ?? '—')],
      ['started', when(run.started_at)],
    ]),
    prices.length > 0 ? collapsible(prices.length, `Prices used (${prices.length}, frozen with the run)`, table(
      ['provider', 'SKU', 'GPU', 'class', '$/GPU-hour', 'region', 'as of', 'source'],
      prices.slice(0, 200).map((p) => [leaf(p.provider), leaf(p.sku), leaf(p.gpu), leaf(p.class ?? p.pricing_model), usd(p.usd_per_gpu_hour), leaf(p.region), leaf(p.as_of), sourceCell(p.source)]),
      { 'data-table': 'prices-used' }), prices.length > 200 ? h('p', { class: 'muted' }, `and ${prices.length - 200} more in the JSON export`) : null) : null,
    gpus.length > 0 ? collapsible(gpus.length, `GPUs used (${gpus.length})`, table(['GPU', 'BF16 dense (TFLOPS)', 'memory (GB)', 'bandwidth (TB/s)', 'board power (W)', 'as of', 'source'],
      gpus.map((g) => [leaf(g.id), num(g.bf16_dense_tflops), num(g.memory_gb), num(g.memory_bandwidth_tbps), num(g.board_power_w), leaf(g.as_of), sourceCell(g.source)]))) : null,
    models.length > 0 ? [h('h3', null, 'Model used'), table(['model', 'parameters (B)', 'layers', 'heads', 'steps', 'as of', 'source'],
      models.map((m) => [leaf(m.id), num(m.params_b), num(m.layers), num(m.heads), num(m.steps), leaf(m.as_of), sourceCell(m.source)]))] : null,
    opts ? [h('h3', null, 'Options'), h('pre', { class: 'code' }, opts)] : null,
    run.scenario_yaml ? [h('h3', null, 'Scenario (YAML, as run)'), h('pre', { class: 'code', id: 'scenario-yaml' }, run.scenario_yaml)] : null);
}

/** Rows beyond this many are folded away (an optimize run uses every price in the catalog). */
const foldRows = 10;

/** A titled table, folded when it is long. */
function collapsible(rows: number, title: string, ...content: Child[]): Child {
  if (rows <= foldRows) return [h('h3', null, title), ...content];
  return h('details', { class: 'more-rows' }, h('summary', null, title), ...content);
}

export function sourceCell(src: unknown): Child {
  const s = typeof src === 'string' ? src : '';
  if (!s) return '—';
  return h('span', { class: 'source', title: s }, s.length > 90 ? s.slice(0, 88) + '…' : s);
}
