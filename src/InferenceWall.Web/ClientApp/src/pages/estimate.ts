/** Estimate one clip: a form (state in the URL) → POST /api/estimate → the phase breakdown and the per-clip table. */

import { h, clear } from '../dom';
import { ApiError, getJson, problemView, sendJson } from '../api';
import { drawCharts, setExportStem } from '../charts';
import { setQuery, setReady } from '../router';
import type { Json } from '../types';
import { estimate } from './kinds';

interface Field {
  key: string;
  label: string;
  type: 'text' | 'int' | 'number' | 'bool';
  placeholder?: string;
  list?: string;
}

const fields: Field[] = [
  { key: 'model', label: 'model', type: 'text', placeholder: 'wan2.1-t2v-14b', list: 'models' },
  { key: 'gpu', label: 'GPU', type: 'text', placeholder: 'h100-sxm', list: 'gpus' },
  { key: 'gpus', label: 'GPUs (count)', type: 'int', placeholder: '1' },
  { key: 'ulysses', label: 'Ulysses degree', type: 'int' },
  { key: 'ring', label: 'ring degree', type: 'int' },
  { key: 'cfg_parallel', label: 'CFG parallel', type: 'int' },
  { key: 'width', label: 'width (px)', type: 'int', placeholder: '1280' },
  { key: 'height', label: 'height (px)', type: 'int', placeholder: '720' },
  { key: 'frames', label: 'frames', type: 'int', placeholder: '81' },
  { key: 'steps', label: 'denoising steps', type: 'int' },
  { key: 'provider', label: 'provider (for the price)', type: 'text', placeholder: 'lambda' },
  { key: 'usd_per_gpu_hour', label: 'price ($/GPU-hour, overrides the catalog)', type: 'number' },
  { key: 'utilization', label: 'utilization (0–1)', type: 'number', placeholder: '1' },
];

export async function estimateView(root: HTMLElement, url: URL): Promise<void> {
  document.title = 'Estimate · InferenceWall';
  setExportStem('estimate');
  const q = url.searchParams;
  const inputs = new Map<string, HTMLInputElement>();
  const out = h('div', { id: 'estimate-result' });
  const form = h('form', { class: 'form-grid', id: 'estimate-form' },
    fields.map((f) => {
      const input = h('input', { name: f.key, id: `f-${f.key}`, type: f.type === 'text' ? 'text' : 'number', step: f.type === 'int' ? '1' : 'any', placeholder: f.placeholder ?? '', value: q.get(f.key) ?? '', list: f.list ?? null });
      inputs.set(f.key, input);
      return h('label', null, f.label, input);
    }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', id: 'estimate-submit' }, 'Estimate')));
  const lists = h('div', { hidden: true });
  const body = (): Json => {
    const b: Json = {};
    for (const f of fields) {
      const v = inputs.get(f.key)!.value.trim();
      if (!v) continue;
      b[f.key] = f.type === 'text' ? v : Number(v);
    }
    return b;
  };
  /** Marks the boxes a problem names (its path's last part is the field: `plan.gpus` → GPUs). */
  const markFields = (e: unknown): void => {
    if (!(e instanceof ApiError)) return;
    for (const q of e.problem.problems ?? []) {
      const key = (q.path ?? '').split('.').pop() ?? '';
      const input = inputs.get(key);
      if (!input) continue;
      input.setAttribute('aria-invalid', 'true');
      input.insertAdjacentElement('afterend', h('span', { class: 'field-problem', 'data-path': q.path ?? '' }, q.message ?? ''));
    }
  };
  const unmark = (): void => {
    for (const input of inputs.values()) input.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('.field-problem')) el.remove();
  };
  const submit = async (): Promise<void> => {
    unmark();
    const b = body();
    setQuery(Object.fromEntries(fields.map((f) => [f.key, inputs.get(f.key)!.value.trim()])));
    setReady(false);
    clear(out);
    out.appendChild(h('p', { class: 'muted' }, 'estimating…'));
    try {
      const res = await sendJson<Json>('POST', '/api/estimate', b);
      clear(out);
      out.appendChild(estimate(res.body));
      drawCharts();
    } catch (e) {
      clear(out);
      out.appendChild(problemView(e));
      markFields(e);
    }
    setReady(true);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });
  root.appendChild(h('section', { class: 'estimate-page' }, h('h1', null, 'Estimate one clip'), form, lists, out));
  // Suggestions for the model and GPU boxes; the page works without them.
  void Promise.all([getJson<unknown>('/api/catalog/models'), getJson<unknown>('/api/catalog/gpus')]).then(([m, g]) => {
    const ids = (x: unknown): string[] => (Array.isArray(x) ? (x as Json[]) : []).map((r) => String(r.id ?? '')).filter(Boolean);
    lists.append(h('datalist', { id: 'models' }, ids(m).map((v) => h('option', { value: v }))), h('datalist', { id: 'gpus' }, ids(g).map((v) => h('option', { value: v }))));
  }).catch(() => undefined);
  if (q.get('model') || q.get('gpu')) await submit();
}
