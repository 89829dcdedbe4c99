/** Cluster jobs (issue 12): each job's chunks done, resumed from the store and retried, the workers alive, and a cancel button; refreshed every 2 s while any runs. */

import { h, clear } from '../dom';
import { getJson, sendJson, problemView } from '../api';
import { when } from '../format';

interface JobItem {
  key: string;
  kind: string;
  cluster: string;
  status: string;
  total: number;
  chunk_size: number;
  chunks: number;
  chunks_done: number;
  resumed: number;
  retried: number;
  workers: number;
  cancel_requested: boolean;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  detail: string | null;
}

const units: Record<string, string> = { montecarlo: 'samples', sweep: 'points', optimize: 'candidates' };

export async function jobsView(root: HTMLElement, _url: URL, _params: Record<string, string>, alive: () => boolean): Promise<void> {
  document.title = 'Cluster jobs · InferenceWall';
  const body = h('div', { id: 'jobs' });
  const note = h('p', { class: 'muted' },
    'Jobs that ran on a cluster of workers (', h('code', null, 'iwall worker'), ', then ', h('code', null, '--cluster'), ' on montecarlo, sweep or optimize, or ',
    h('code', null, 'iwall serve --cluster'), '). Every finished chunk is kept in the run store: the same command run again resumes a stopped job.');
  root.appendChild(h('section', { class: 'jobs' }, h('h1', null, 'Cluster jobs'), note, body));

  const load = async (): Promise<boolean> => {
    let jobs: JobItem[];
    try {
      jobs = (await getJson<{ jobs: JobItem[] }>('/api/jobs?limit=100')).jobs;
    } catch (e) {
      clear(body);
      body.appendChild(problemView(e));
      return false;
    }
    clear(body);
    if (jobs.length === 0) {
      body.appendChild(h('p', { class: 'empty' }, 'No cluster jobs yet.'));
      return false;
    }
    body.appendChild(h('div', { class: 'scroll-x' }, h('table', { class: 'grid', 'data-table': 'jobs' },
      h('thead', null, h('tr', null, ['job and cluster', 'kind', 'status', 'chunks done', 'size', 'from the store', 'retried', 'workers alive', 'updated', ''].map((c) => h('th', null, c)))),
      h('tbody', null, jobs.map((j) => row(j, load))))));
    return jobs.some((j) => j.status === 'running');
  };

  let running = await load();
  const tick = async (): Promise<void> => {
    if (!alive() || !document.getElementById('jobs')) return;
    if (running) running = await load();
    setTimeout(() => void tick(), 2000);
  };
  setTimeout(() => void tick(), 2000);
}

function row(j: JobItem, reload: () => Promise<boolean>): HTMLTableRowElement {
  const share = j.chunks > 0 ? j.chunks_done / j.chunks : 0;
  const cancel = h('button', { type: 'button', class: 'cancel', 'data-key': j.key, disabled: j.status !== 'running' || j.cancel_requested },
    j.cancel_requested && j.status === 'running' ? 'stopping…' : 'Cancel');
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    cancel.textContent = 'stopping…';
    try {
      await sendJson('POST', `/api/jobs/${j.key}/cancel`);
    } catch {
      // It finished meanwhile: the reload shows its status.
    }
    await reload();
  });
  return h('tr', { 'data-key': j.key, 'data-status': j.status },
    h('td', null, h('code', { title: j.key }, j.key.slice(0, 12)), h('div', { class: 'muted small' }, j.cluster)),
    h('td', null, j.kind),
    h('td', { class: 'job-status' }, h('span', { class: `status status-${j.status === 'done' ? 'succeeded' : j.status === 'cancelled' ? 'interrupted' : j.status}` }, j.status), j.detail && j.status !== 'done' ? h('div', { class: 'muted small detail' }, j.detail) : null),
    h('td', null, h('div', { class: 'job-progress' }, h('progress', { max: 1, value: share }), `${j.chunks_done.toLocaleString('en-US')} of ${j.chunks.toLocaleString('en-US')}`)),
    h('td', null, `${j.total.toLocaleString('en-US')} ${units[j.kind] ?? 'items'} in chunks of ${j.chunk_size.toLocaleString('en-US')}`),
    h('td', { class: 'num' }, j.resumed.toLocaleString('en-US')),
    h('td', { class: 'num' }, j.retried.toLocaleString('en-US')),
    h('td', { class: 'num' }, j.status === 'running' ? j.workers.toLocaleString('en-US') : `${j.workers.toLocaleString('en-US')} (last seen)`),
    h('td', { title: `started ${when(j.started_at)}` }, when(j.updated_at)),
    h('td', null, cancel));
}
