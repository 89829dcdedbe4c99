/** The HTTP API client: every call carries the Bearer token when one is set; errors are problem details. */

import { h, clear, download } from './dom';

const tokenKey = 'iwall.token';

export interface ProblemItem {
  kind?: string;
  path?: string | null;
  message?: string;
  fix?: string | null;
  location?: { source?: string | null; line?: number | null; column?: number | null } | null;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  problems?: ProblemItem[];
}

/** An answer that was not 2xx: its status and the problem details (or a made-up one when the body was not JSON). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Reads `#token=…` once into sessionStorage and removes it from the address bar. */
export function takeTokenFromUrl(): void {
  const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(tokenKey, decodeURIComponent(m[1]));
    history.replaceState(history.state, '', location.pathname + location.search);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(tokenKey);
}

let onUnauthorized: (() => void) | null = null;

/** The router re-renders the view once a token was entered. */
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

async function send(method: string, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'The server could not be reached', detail: String(e) });
  }
  if (res.status === 401) askForToken();
  if (!res.ok) {
    let problem: ProblemDetails;
    const text = await res.text();
    try {
      problem = JSON.parse(text) as ProblemDetails;
    } catch {
      problem = { title: `HTTP ${res.status} ${res.statusText}`, detail: text.slice(0, 500) || undefined };
    }
    problem.status ??= res.status;
    throw new ApiError(res.status, problem);
  }
  return res;
}

export async function getJson<T>(url: string): Promise<T> {
  return (await (await send('GET', url)).json()) as T;
}

/** POST/PUT returning the status (201 vs 202 matters for runs) and the JSON body. */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await send(method, url, body);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Fetches a file with the token and offers it as a download (an anchor alone could not send the header). */
export async function downloadFrom(url: string, fallbackName: string): Promise<void> {
  const res = await send('GET', url);
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  download(m ? decodeURIComponent(m[1]) : fallbackName, await res.text(), res.headers.get('Content-Type') ?? 'application/json');
}

/** Shows the token box: the API answered 401. */
export function askForToken(): void {
  const box = document.getElementById('token-box');
  if (!box || !box.hidden) return;
  clear(box);
  const input = h('input', { type: 'password', id: 'token-input', placeholder: 'access token', autocomplete: 'off' });
  const form = h('form', {
    class: 'token-form',
    onsubmit: (e: Event) => {
      e.preventDefault();
      sessionStorage.setItem(tokenKey, input.value.trim());
      box.hidden = true;
      onUnauthorized?.();
    },
  }, h('strong', null, 'This server needs an access token. '), input, ' ', h('button', { type: 'submit' }, 'Use token'));
  box.appendChild(form);
  box.hidden = false;
}

/** Problem details as readable text: title, then each problem with its field path, line and fix. */
export function problemView(err: unknown): HTMLElement {
  if (!(err instanceof ApiError)) {
    return h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Error: '), String(err instanceof Error ? err.message : err));
  }
  const p = err.problem;
  const items = p.problems ?? [];
  return h('div', { class: 'error', role: 'alert', 'data-status': err.status },
    h('strong', null, `${p.title ?? 'Request failed'} (HTTP ${err.status})`),
    items.length === 0 && p.detail ? h('p', null, p.detail) : null,
    items.length > 0 ? problemList(items) : null);
}

export function problemList(items: ProblemItem[]): HTMLElement {
  return h('ul', { class: 'problems' }, items.map((q) => h('li', { 'data-path': q.path ?? '', 'data-line': q.location?.line ?? null },
    q.path ? h('code', { class: 'path' }, q.path) : null,
    q.location?.line ? h('span', { class: 'loc' }, ` line ${q.location.line}${q.location.column ? ':' + q.location.column : ''}`) : null,
    q.path || q.location?.line ? ': ' : null,
    q.message ?? '',
    q.fix ? h('span', { class: 'fix' }, ` — ${q.fix}`) : null)));
}
