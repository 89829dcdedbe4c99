/** Tiny DOM helpers: no framework, no inline scripts, text always set as text (never as HTML). */

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') {
        el.addEventListener(k.replace(/^on/, '').toLowerCase(), v as EventListener);
      } else if (k === 'class') {
        el.className = String(v);
      } else if (k === 'value' && 'value' in el) {
        (el as HTMLInputElement).value = String(v);
      } else if (k === 'checked' && 'checked' in el) {
        (el as HTMLInputElement).checked = Boolean(v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Text that reads as a number with an optional unit ($3.01, −1,483.9 %, 515.5 s, 6.875e+17) is right-aligned. */
const numeric = /^[−-]?\$?[\d,]+(\.\d+)?(e[+-]?\d+)?( ?(%|s|pp|kWh|GB|GPU-h|×))?$/;

/** A table from headers and rows of cells; numbers are right-aligned. */
export function table(headers: string[], rows: Child[][], attrs?: Attrs): HTMLTableElement {
  return h('table', { class: 'grid', ...attrs },
    h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', typeof c === 'number' || (typeof c === 'string' && numeric.test(c)) ? { class: 'num' } : null, c))))));
}

/** Label/value pairs as a definition list. */
export function facts(pairs: [string, Child][], attrs?: Attrs): HTMLDListElement {
  return h('dl', { class: 'facts', ...attrs }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): (...a: A) => void {
  let t: number | undefined;
  return (...a: A) => {
    if (t !== undefined) window.clearTimeout(t);
    t = window.setTimeout(() => fn(...a), ms);
  };
}

/** Offers text as a file download through a Blob (works with any auth, no server round trip). */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
