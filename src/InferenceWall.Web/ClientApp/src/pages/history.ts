/** Runs history: the stored runs with their summary figures, filters in the URL, labels, tick two to compare. */

import { h, clear, debounce, type Child } from '../dom';
import { getJson, sendJson, problemView } from '../api';
import { navigate, setQuery } from '../router';
import { kinds, statuses, type RunItem, type RunList } from '../types';
import { pct, seconds, usd, when } from '../format';

const pageSize = 50;

export async function historyView(root: HTMLElement, url: URL): Promise<void> {
  document.title = 'Runs · InferenceWall';
  const q = url.searchParams;
  const kind = h('select', { id: 'filter-kind', 'aria-label': 'kind' }, h('option', { value: '' }, 'any kind'), kinds.map((k) => h('option', { value: k }, k)));
  const status = h('select', { id: 'filter-status', 'aria-label': 'status' }, h('option', { value: '' }, 'any status'), statuses.map((s) => h('option', { value: s }, s)));
  const text = h('input', { id: 'filter-text', type: 'search', placeholder: 'label or scenario contains…', value: q.get('q') ?? '' });
  kind.value = q.get('kind') ?? '';
  status.value = q.get('status') ?? '';
  const compare = h('button', { type: 'button', id: 'compare-selected', disabled: true }, 'Compare the two ticked');
  const tickInfo = h('span', { class: 'muted' }, 'tick two runs to compare them');
  const body = h('div', { id: 'runs' });
  const ticked: number[] = [];

  const updateTicks = (): void => {
    compare.disabled = ticked.length !== 2;
    tickInfo.textContent = ticked.length === 2 ? `runs ${ticked[0]} and ${ticked[1]}` : `${ticked.length} of 2 ticked`;
  };
  compare.addEventListener('click', () => {
    if (ticked.length !== 2) return;
    const [a, b] = [...ticked].sort((x, y) => x - y);
    navigate(`/compare?a=${a}&b=${b}`);
  });

  const load = async (before?: number | null): Promise<void> => {
    const p = new URLSearchParams();
    if (kind.value) p.set('kind', kind.value);
    if (status.value) p.set('status', status.value);
    if (text.value.trim()) p.set('q', text.value.trim());
    if (before) p.set('before', String(before));
    p.set('limit', String(pageSize));
    let list: RunList;
    try {
      list = await getJson<RunList>(`/api/runs?${p}`);
    } catch (e) {
      clear(body);
      body.appendChild(problemView(e));
      return;
    }
    if (!before) {
      clear(body);
      ticked.length = 0;
      updateTicks();
      body.appendChild(h('div', { class: 'scroll-x' }, runsTable(list.runs, ticked, updateTicks)));
      if (list.runs.length === 0) body.appendChild(h('p', { class: 'empty' }, 'No stored runs match. Run a scenario from the ', h('a', { href: '/editor', 'data-link': true }, 'scenario editor'), '.'));
    } else {
      const tbody = body.querySelector('tbody')!;
      for (const r of list.runs) tbody.appendChild(runRow(r, ticked, updateTicks));
    }
    body.querySelector('.more')?.remove();
    if (list.next_before) {
      body.appendChild(h('p', { class: 'more' }, h('button', { type: 'button', onclick: () => void load(list.next_before) }, 'Older runs')));
    }
  };

  const refilter = (): void => {
    setQuery({ kind: kind.value, status: status.value, q: text.value.trim() });
    void load();
  };
  kind.addEventListener('change', refilter);
  status.addEventListener('change', refilter);
  text.addEventListener('input', debounce(refilter, 300));

  root.appendChild(h('section', null,
    h('h1', null, 'Runs'),
    h('div', { class: 'toolbar' }, kind, status, text, compare, tickInfo),
    body));
  await load();
}

const headers = ['', 'id', 'kind', 'status', 'label', 'scenario', 'created (UTC)', 'cost per clip ($/clip)', 'gross margin (%)', 'P90 latency (s)', 'SLO attainment (%)', 'daily cost ($/day)', 'above the wall'];

function runsTable(runs: RunItem[], ticked: number[], changed: () => void): HTMLTableElement {
  return h('table', { class: 'grid', id: 'runs-table' },
    h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, runs.map((r) => runRow(r, ticked, changed))));
}

function runRow(r: RunItem, ticked: number[], changed: () => void): HTMLTableRowElement {
  const s = r.summary ?? {};
  const box = h('input', { type: 'checkbox', 'aria-label': `tick run ${r.id}`, 'data-tick': r.id });
  box.addEventListener('change', () => {
    const i = ticked.indexOf(r.id);
    if (box.checked && i < 0) {
      ticked.push(r.id);
      if (ticked.length > 2) {
        const dropped = ticked.shift()!;
        const other = document.querySelector<HTMLInputElement>(`input[data-tick="${dropped}"]`);
        if (other) other.checked = false;
      }
    } else if (!box.checked && i >= 0) {
      ticked.splice(i, 1);
    }
    changed();
  });
  const cell = (c: Child, cls?: string): HTMLTableCellElement => h('td', cls ? { class: cls } : null, c);
  return h('tr', { 'data-run': r.id },
    cell(box),
    cell(h('a', { href: `/runs/${r.id}`, 'data-link': true }, `#${r.id}`)),
    cell(r.kind),
    cell(h('span', { class: `status status-${r.status}` }, r.status, r.status === 'running' && typeof r.progress === 'number' ? ` ${Math.round(r.progress * 100)} %` : '')),
    cell(labelEditor(r)),
    cell(r.scenario_title ?? '—'),
    cell(h('span', { title: when(r.created_at) }, when(r.created_at).replace(/:\d\d UTC$/, ''))),
    cell(usd(s.cost_per_clip_usd), 'num'),
    cell(pct(s.gross_margin), 'num'),
    cell(seconds(s.p90_latency_s), 'num'),
    cell(pct(s.slo_attainment), 'num'),
    cell(usd(s.daily_cost_usd), 'num'),
    cell(s.above_wall === true ? 'yes' : s.above_wall === false ? 'no' : '—'));
}

/** The label with an edit button: PUT /api/runs/{id}/label. */
function labelEditor(r: RunItem): HTMLElement {
  const wrap = h('span', { class: 'label-cell' });
  const show = (): void => {
    clear(wrap);
    wrap.append(h('span', { class: 'label-text' }, r.label ?? ''), ' ',
      h('button', { type: 'button', class: 'link', 'data-edit-label': r.id, title: 'edit the label', onclick: edit }, r.label ? 'edit' : 'add label'));
  };
  const edit = (): void => {
    clear(wrap);
    const input = h('input', { type: 'text', value: r.label ?? '', maxlength: 200, 'aria-label': `label of run ${r.id}` });
    const err = h('span', null);
    const save = async (): Promise<void> => {
      const label = input.value.trim() === '' ? null : input.value.trim();
      try {
        const res = await sendJson<RunItem>('PUT', `/api/runs/${r.id}/label`, { label });
        r.label = res.body?.label ?? label;
        show();
      } catch (e) {
        clear(err);
        err.appendChild(problemView(e));
      }
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void save();
      if (e.key === 'Escape') show();
    });
    wrap.append(input, ' ', h('button', { type: 'button', class: 'small', onclick: () => void save() }, 'Save'), ' ',
      h('button', { type: 'button', class: 'small', onclick: show }, 'Cancel'), err);
    input.focus();
  };
  show();
  return wrap;
}
