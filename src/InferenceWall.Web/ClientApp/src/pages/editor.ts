/** Scenario editor: YAML with line numbers, validated by the server as you type, each problem beside its line. */

import { h, clear, debounce } from '../dom';
import { ApiError, problemList, problemView, sendJson, type ProblemItem } from '../api';
import { navigate, setQuery, setReady } from '../router';

/** The shipped scenarios (scenarios/*.yaml), bundled at build time: no request needed to load one. */
const shipped: Record<string, string> = import.meta.glob('../../../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });
const examples = Object.fromEntries(Object.entries(shipped).map(([path, text]) => [path.replace(/^.*\//, '').replace(/\.yaml$/, ''), text]));

/** The kinds a scenario can run as, with the options each starts from (editable before running). */
const runKinds: { kind: string; label: string; options: object }[] = [
  { kind: 'economics', label: 'Economics', options: {} },
  { kind: 'economics', label: 'Economics + simulated day', options: { simulate: true, seed: 1 } },
  { kind: 'simulate', label: 'Simulate a day', options: { seed: 1 } },
  { kind: 'sensitivity', label: 'Sensitivity (tornado)', options: { delta: 0.2 } },
  { kind: 'montecarlo', label: 'Monte Carlo', options: { inputs: [{ field: 'efficiency', distribution: 'lognormal', parameters: [1, 0.2] }], samples: 2000, seed: 1 } },
  { kind: 'sweep', label: 'Sweep', options: { axes: [{ field: 'product.clip_mix[0].steps', numbers: [20, 30, 40, 50] }] } },
  { kind: 'optimize', label: 'Optimize', options: { slo_s: 900 } },
  { kind: 'capacity', label: 'Capacity search', options: { slo_seconds: 900, replicas: 4 } },
  { kind: 'capacity', label: 'Capacity search, many fleets', options: { slo_seconds: 900, replica_counts: [2, 4, 8, 16] } },
];

const lineHeightPx = 20;
/** Lines shown above a line jumped to. */
const jumpContextLines = 5;
const validateDelayMs = 400;
const draftKey = 'iwall.editor.draft';

interface Validation {
  ok?: boolean;
  title?: string;
  problems?: ProblemItem[];
}

export async function editorView(root: HTMLElement, url: URL): Promise<void> {
  document.title = 'Scenario editor · InferenceWall';
  const names = Object.keys(examples).sort();
  const wanted = url.searchParams.get('example');
  const exampleName = wanted && examples[wanted] !== undefined ? wanted : names.includes('startup-720p-h100') ? 'startup-720p-h100' : names[0] ?? '';
  const draft = sessionStorage.getItem(draftKey);
  const initial = wanted === null && draft !== null ? draft : examples[exampleName] ?? '';

  const picker = h('select', { id: 'example', 'aria-label': 'shipped example' }, names.map((n) => h('option', { value: n }, `${n}.yaml`)));
  picker.value = exampleName;
  const name = h('input', { id: 'scenario-name', type: 'text', value: `${exampleName || 'scenario'}.yaml`, 'aria-label': 'scenario file name' });
  const text = h('textarea', { id: 'yaml', spellcheck: 'false', wrap: 'off', autocomplete: 'off', 'aria-label': 'scenario YAML' });
  text.value = initial;
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const notes = h('div', { class: 'annotations' });
  const status = h('div', { id: 'validation', 'aria-live': 'polite' });
  const runMessage = h('div', { id: 'run-message' });
  let problems: ProblemItem[] = [];
  let seq = 0;

  const paint = (): void => {
    const lines = text.value.split('\n').length;
    const bad = new Map<number, ProblemItem[]>();
    for (const p of problems) {
      const line = p.location?.line;
      if (line) bad.set(line, [...(bad.get(line) ?? []), p]);
    }
    clear(gutter);
    for (let i = 1; i <= lines; i++) gutter.appendChild(h('div', { class: bad.has(i) ? 'bad' : null, 'data-line': i }, String(i)));
    clear(notes);
    for (const [line, ps] of bad) {
      notes.appendChild(h('div', { class: 'annotation', 'data-line': line, 'data-path': ps[0].path ?? '', style: `top:${(line - 1) * lineHeightPx}px`, title: ps.map((p) => `${p.path ?? ''}: ${p.message ?? ''}${p.fix ? ' — ' + p.fix : ''}`).join('\n') },
        ps.map((p) => h('div', null, h('span', { class: 'loc' }, `line ${line}${p.location?.column ? ':' + p.location.column : ''} `), p.path ? h('code', { class: 'path' }, p.path) : null, ': ', p.message ?? '', p.fix ? h('span', { class: 'fix' }, ` — ${p.fix}`) : null))));
    }
    scroll();
  };
  const scroll = (): void => {
    gutter.style.transform = `translateY(${-text.scrollTop}px)`;
    notes.style.transform = `translateY(${-text.scrollTop}px)`;
  };

  const validate = async (): Promise<void> => {
    const mine = ++seq;
    setReady(false);
    status.className = 'pending';
    status.textContent = 'validating…';
    let result: Validation;
    let error: unknown = null;
    try {
      result = (await sendJson<Validation>('POST', '/api/scenarios/validate', { scenario_yaml: text.value, scenario_name: name.value || undefined })).body ?? {};
    } catch (e) {
      result = e instanceof ApiError && e.problem.problems ? { ok: false, problems: e.problem.problems } : { ok: false };
      if (!(e instanceof ApiError && e.problem.problems)) error = e;
    }
    if (mine !== seq) return;
    problems = result.problems ?? [];
    clear(status);
    if (error) {
      status.className = 'bad';
      status.appendChild(problemView(error));
    } else if (result.ok && problems.length === 0) {
      status.className = 'ok';
      status.append(h('strong', null, '✓ valid'), result.title ? `: ${result.title}` : '');
    } else {
      status.className = result.ok ? 'ok' : 'bad';
      status.append(h('strong', null, result.ok ? `valid, with ${problems.length} note(s)` : `${problems.length} problem${problems.length === 1 ? '' : 's'}`), problemList(problems));
    }
    paint();
    setReady(true);
  };
  const later = debounce(() => void validate(), validateDelayMs);

  /** Moves the caret to a line and scrolls it into view (a click on a problem in the list). */
  const jumpTo = (line: number): void => {
    const lines = text.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    text.focus();
    text.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    text.scrollTop = Math.max(0, (line - 1 - jumpContextLines) * lineHeightPx);
    scroll();
  };
  status.addEventListener('click', (e) => {
    const li = (e.target as Element).closest('li[data-line]') as HTMLElement | null;
    if (li?.dataset.line) jumpTo(Number(li.dataset.line));
  });

  text.addEventListener('input', () => {
    sessionStorage.setItem(draftKey, text.value);
    paint();
    later();
  });
  text.addEventListener('scroll', scroll);
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Tab') {
      e.preventDefault();
      text.setRangeText('  ', text.selectionStart, text.selectionEnd, 'end');
      text.dispatchEvent(new Event('input'));
    }
  });
  picker.addEventListener('change', () => {
    text.value = examples[picker.value] ?? '';
    name.value = `${picker.value}.yaml`;
    sessionStorage.removeItem(draftKey);
    setQuery({ example: picker.value });
    paint();
    void validate();
  });

  const run = async (kind: string, optionsText: string, button: HTMLButtonElement): Promise<void> => {
    clear(runMessage);
    let options: object;
    try {
      options = optionsText.trim() ? (JSON.parse(optionsText) as object) : {};
    } catch (e) {
      runMessage.appendChild(h('div', { class: 'error' }, h('strong', null, `The options of ${kind} are not JSON: `), String(e instanceof Error ? e.message : e)));
      return;
    }
    button.disabled = true;
    try {
      const res = await sendJson<{ id: number }>('POST', '/api/runs', { kind, scenario_yaml: text.value, scenario_name: name.value || undefined, options });
      navigate(`/runs/${res.body.id}`);
    } catch (e) {
      runMessage.appendChild(problemView(e));
      if (e instanceof ApiError && e.problem.problems) {
        problems = e.problem.problems;
        paint();
      }
    } finally {
      button.disabled = false;
    }
  };

  const runCards = runKinds.map((k, i) => {
    const opts = h('textarea', { class: 'options', rows: 3, spellcheck: 'false', 'aria-label': `${k.label} options (JSON)`, 'data-options': i });
    opts.value = JSON.stringify(k.options);
    const button = h('button', { type: 'button', 'data-run-kind': k.kind, 'data-run-index': i }, `Run: ${k.label}`);
    button.addEventListener('click', () => void run(k.kind, opts.value, button));
    return h('div', { class: 'run-card' }, button, h('label', null, 'options (JSON)', opts));
  });

  root.appendChild(h('section', { class: 'editor-page' },
    h('h1', null, 'Scenario editor'),
    h('div', { class: 'toolbar' }, h('label', null, 'example ', picker), h('label', null, 'file name ', name),
      h('button', { type: 'button', id: 'validate', onclick: () => void validate() }, 'Validate now')),
    h('div', { class: 'editor' }, h('div', { class: 'gutter-wrap' }, gutter), text, h('div', { class: 'annotations-wrap' }, notes)),
    status,
    h('h2', null, 'Run this scenario'),
    runMessage,
    h('div', { class: 'run-cards' }, runCards)));
  paint();
  await validate();
}
