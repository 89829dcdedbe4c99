/** ECharts (SVG renderer, only the parts used) and the chart box: a titled figure with a CSV export of its data. */

import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { h, download, type Child } from './dom';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export type Option = EChartsCoreOption;

/** A chart's data as a table: what the CSV export writes. */
export interface ChartData {
  headers: string[];
  rows: (string | number | null | undefined)[][];
}

interface Pending {
  el: HTMLElement;
  option: Option;
}

let pending: Pending[] = [];
let live: echarts.ECharts[] = [];

/** The file name stem for CSV exports on this view (e.g. `run-12`). */
let stem = 'inferencewall';

export function setExportStem(s: string): void {
  stem = s;
}

export function csv(data: ChartData): string {
  const cell = (x: unknown): string => {
    if (x === null || x === undefined) return '';
    const s = typeof x === 'number' ? (Number.isFinite(x) ? String(x) : '') : String(x);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [data.headers, ...data.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * A chart box: `<figure data-chart="name">` with its title, the chart and an "Export CSV" button. The chart is drawn
 * by {@link drawCharts} once the box is in the page (ECharts needs its size).
 */
export function chartBox(name: string, title: string, option: Option, data: ChartData, note?: Child, height = 360): HTMLElement {
  const area = h('div', { class: 'chart-area', style: `height:${height}px` });
  pending.push({ el: area, option: { animation: false, ...option } });
  const fileName = `${stem}-${name}.csv`;
  return h('figure', { class: 'chart', 'data-chart': name },
    h('figcaption', null, h('span', null, title),
      h('button', { type: 'button', class: 'small', 'data-export': name, title: `download ${fileName}`, onclick: () => download(fileName, csv(data), 'text/csv;charset=utf-8') }, 'Export CSV')),
    area,
    note ? h('div', { class: 'chart-note' }, note) : null);
}

/** Draws every chart box added since the last call that is now in the page. */
export function drawCharts(): void {
  const later: Pending[] = [];
  for (const p of pending) {
    if (!p.el.isConnected) {
      later.push(p);
      continue;
    }
    const c = echarts.init(p.el, null, { renderer: 'svg' });
    c.setOption(p.option);
    live.push(c);
  }
  pending = later;
}

/** Disposes every chart (a new view is about to render). */
export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live = [];
  pending = [];
}

window.addEventListener('resize', () => {
  for (const c of live) c.resize();
});

export const palette = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];

/** Axis label formatters with units. */
export const fmtAxis = {
  usd: (v: number): string => {
    const a = Math.abs(v);
    const sign = v < 0 ? '−' : '';
    if (a >= 1e6) return `${sign}$${(a / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M`;
    if (a >= 1e3) return `${sign}$${(a / 1e3).toLocaleString('en-US', { maximumFractionDigits: 1 })}k`;
    if (a >= 1 || a === 0) return `${sign}$${a.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
    return `${sign}$${Number(a.toPrecision(2))}`;
  },
  times: (v: number): string => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })}×`,
  pct: (v: number): string => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`,
  s: (v: number): string => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} s`,
};
