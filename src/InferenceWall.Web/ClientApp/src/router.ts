/** Navigation primitives shared by the views (the route table lives in main.ts). */

let renderer: () => void = () => {};

export function setRenderer(f: () => void): void {
  renderer = f;
}

/** Goes to a path (with its query) and renders its view. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  renderer();
}

/** Updates the query string of the current view without re-rendering (filters typed into a box). */
export function setQuery(values: Record<string, string | null | undefined>): void {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  history.replaceState(null, '', url.pathname + url.search);
}

/** Marks the view as loading or loaded (tests wait for `body[data-ready=yes]`). */
export function setReady(ready: boolean): void {
  document.body.dataset.ready = ready ? 'yes' : 'no';
}
