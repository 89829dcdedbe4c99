/** The API's JSON shapes (snake_case, as the server sends them). Results are the CLI's --format json per kind. */

import type { ProblemItem } from './api';

export const kinds = ['estimate', 'economics', 'simulate', 'sweep', 'sensitivity', 'montecarlo', 'optimize', 'capacity', 'case'] as const;
export const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const finalStatuses = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export interface Summary {
  cost_per_clip_usd?: number | null;
  gross_margin?: number | null;
  p90_latency_s?: number | null;
  slo_attainment?: number | null;
  daily_cost_usd?: number | null;
  above_wall?: boolean | null;
}

export interface RunItem {
  id: number;
  kind: string;
  status: string;
  label?: string | null;
  scenario_title?: string | null;
  scenario_sha256?: string | null;
  seed?: number | null;
  engine_version?: string | null;
  created_at?: string | null;
  finished_at?: string | null;
  progress?: number | null;
  summary?: Summary | null;
}

export interface RunList {
  runs: RunItem[];
  next_before?: number | null;
}

export type Json = Record<string, unknown>;

export interface Run extends RunItem {
  scenario_name?: string | null;
  scenario_yaml?: string | null;
  options?: Json | null;
  started_at?: string | null;
  catalog_sha256?: string | null;
  calibration_sha256?: string | null;
  result?: Json | null;
  problems?: ProblemItem[] | null;
  used_catalog?: {
    gpus?: Json[];
    prices?: Json[];
    models?: Json[];
    apis?: Json[];
    hardware?: Json[];
  } | null;
}

export interface DiffResponse {
  a: number;
  b: number;
  kind_a: string;
  kind_b: string;
  same_scenario: boolean;
  inputs: { field: string; a: string | null; b: string | null }[];
  outputs: { field: string; a: number | null; b: number | null; change: number | null; relative_change: number | null }[];
  other_outputs: { field: string; a: string | null; b: string | null }[];
  unchanged_outputs: number;
}

/** Reads a nested value by a dotted path (`figures.cost_per_clip_usd`). */
export function at(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[k];
  }
  return cur;
}

export function arr(o: unknown): Json[] {
  return Array.isArray(o) ? (o as Json[]) : [];
}
