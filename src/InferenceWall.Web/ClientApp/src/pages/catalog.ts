/** The catalog: GPUs, prices, models, video APIs and hardware, each row with its source and as_of; a filter box. */

import { h, clear, debounce } from '../dom';
import { getJson } from '../api';
import { setQuery } from '../router';
import { leaf } from '../format';
import type { Json } from '../types';

const kinds = ['gpus', 'prices', 'models', 'apis', 'hardware'] as const;
const titles: Record<string, string> = { gpus: 'GPUs', prices: 'Prices', models: 'Models', apis: 'Video API prices', hardware: 'Hardware prices' };

/** Column headers with units, by the catalog's field names. */
const units: Record<string, string> = {
  bf16_dense_tflops: 'BF16 dense (TFLOPS)', fp8_dense_tflops: 'FP8 dense (TFLOPS)', fp4_dense_tflops: 'FP4 dense (TFLOPS)', memory_gb: 'memory (GB)',
  memory_bandwidth_tbps: 'memory bandwidth (TB/s)', gpu_link_gbps: 'GPU link (GB/s)', board_power_w: 'board power (W)',
  usd_per_gpu_hour: '$/GPU-hour', gpus_per_instance: 'GPUs per instance', params_b: 'parameters (B)', text_tokens: 'text tokens',
  duration_s: 'duration (s)', price_usd: 'price ($)', usd_per_second: '$/video-second', usd_per_gpu_low: 'low ($/GPU)', usd_per_gpu_high: 'high ($/GPU)',
  as_of: 'as of',
};

export async function catalogView(root: HTMLElement, url: URL): Promise<void> {
  const wanted = url.searchParams.get('kind') ?? 'prices';
  const kind = (kinds as readonly string[]).includes(wanted) ? wanted : 'prices';
  document.title = `Catalog: ${titles[kind]} · InferenceWall`;
  const answer = await getJson<unknown>(`/api/catalog/${kind}`);
  const rows: Json[] = Array.isArray(answer) ? (answer as Json[]) : Array.isArray((answer as Json)?.[kind]) ? ((answer as Json)[kind] as Json[]) : [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const ordered = [...columns.filter((c) => c !== 'as_of' && c !== 'source'), ...columns.filter((c) => c === 'as_of' || c === 'source')];
  const filter = h('input', { id: 'catalog-filter', type: 'search', placeholder: 'filter rows (any column contains…)', value: url.searchParams.get('q') ?? '' });
  const count = h('span', { class: 'muted', id: 'catalog-count' });
  const tbody = h('tbody');
  const show = (): void => {
    const q = filter.value.trim().toLowerCase();
    const hit = q ? rows.filter((r) => ordered.some((c) => leaf(r[c]).toLowerCase().includes(q))) : rows;
    clear(tbody);
    for (const r of hit) {
      tbody.appendChild(h('tr', null, ordered.map((c) => {
        const v = r[c];
        const text = c.includes('usd') && typeof v === 'number' ? `$${v.toLocaleString('en-US', { maximumFractionDigits: 4 })}` : leaf(v);
        return h('td', { class: typeof v === 'number' ? 'num' : c === 'source' ? 'source' : null, title: c === 'source' ? text : null }, c === 'source' && text.length > 100 ? text.slice(0, 98) + '…' : text);
      })));
    }
    count.textContent = `${hit.length} of ${rows.length} rows`;
  };
  filter.addEventListener('input', debounce(() => {
    setQuery({ q: filter.value.trim() });
    show();
  }, 200));
  root.appendChild(h('section', { class: 'catalog' },
    h('h1', null, 'Catalog'),
    h('nav', { class: 'tabs' }, kinds.map((k) => h('a', { href: `/catalog?kind=${k}`, 'data-link': true, class: k === kind ? 'active' : null, 'data-kind': k }, titles[k]))),
    h('div', { class: 'toolbar' }, filter, count),
    h('div', { class: 'scroll-x' }, h('table', { class: 'grid', 'data-table': `catalog-${kind}` },
      h('thead', null, h('tr', null, ordered.map((c) => h('th', null, units[c] ?? c.replace(/_/g, ' '))))), tbody))));
  show();
}
