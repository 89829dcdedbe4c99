/** The dashboard's entry: a tiny router over history.pushState; the URL (path + query) is the whole view state. */

import './style.css';
import { clear, h } from './dom';
import { problemView, setUnauthorizedHandler, takeTokenFromUrl } from './api';
import { disposeCharts, drawCharts } from './charts';
import { navigate, setRenderer } from './router';
import { historyView } from './pages/history';
import { runView } from './pages/run';
import { editorView } from './pages/editor';
import { compareView } from './pages/compare';
import { catalogView } from './pages/catalog';
import { estimateView } from './pages/estimate';
import { jobsView } from './pages/jobs';

/** A view renders into the page's main element from the URL; it resolves when its data has loaded. */
export type View = (root: HTMLElement, url: URL, params: Record<string, string>, alive: () => boolean) => Promise<void>;

interface Route {
  name: string;
  pattern: RegExp;
  keys: string[];
  view: View;
}

const routes: Route[] = [
  { name: 'history', pattern: /^\/$/, keys: [], view: historyView },
  { name: 'run', pattern: /^\/runs\/(\d+)\/?$/, keys: ['id'], view: runView },
  { name: 'editor', pattern: /^\/editor\/?$/, keys: [], view: editorView },
  { name: 'compare', pattern: /^\/compare\/?$/, keys: [], view: compareView },
  { name: 'catalog', pattern: /^\/catalog\/?$/, keys: [], view: catalogView },
  { name: 'estimate', pattern: /^\/estimate\/?$/, keys: [], view: estimateView },
  { name: 'jobs', pattern: /^\/jobs\/?$/, keys: [], view: jobsView },
];

let generation = 0;

async function render(): Promise<void> {
  const mine = ++generation;
  const alive = (): boolean => mine === generation;
  const root = document.getElementById('app')!;
  const url = new URL(location.href);
  document.body.dataset.ready = 'no';
  disposeCharts();
  clear(root);
  const route = routes.find((r) => r.pattern.test(url.pathname));
  document.body.dataset.view = route?.name ?? 'not-found';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    a.classList.toggle('active', a.dataset.nav === route?.name || (route?.name === 'run' && a.dataset.nav === 'history') || (route?.name === 'compare' && a.dataset.nav === 'history'));
  }
  if (!route) {
    document.title = 'Not found · InferenceWall';
    root.appendChild(h('section', null, h('h1', null, 'Page not found'), h('p', null, 'There is no page at ', h('code', null, url.pathname), '. ', h('a', { href: '/', 'data-link': true }, 'Back to the runs'))));
    document.body.dataset.ready = 'yes';
    return;
  }
  const m = route.pattern.exec(url.pathname)!;
  const params: Record<string, string> = {};
  route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
  try {
    await route.view(root, url, params, alive);
  } catch (e) {
    if (!alive()) return;
    root.appendChild(problemView(e));
  }
  if (!alive()) return;
  drawCharts();
  document.body.dataset.ready = 'yes';
}

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!a || a.origin !== location.origin) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});

setRenderer(() => void render());
window.addEventListener('popstate', () => void render());
takeTokenFromUrl();
setUnauthorizedHandler(() => void render());
void render();
