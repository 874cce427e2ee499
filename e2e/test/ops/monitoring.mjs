// Helpers shared by the monitoring checks: the Prometheus text format, the metric names a PromQL expression
// uses, and the dashboards and rules under monitoring/.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parser as promql } from '@prometheus-io/lezer-promql';
import { ROOT, readYaml } from './lib.mjs';

export const MONITORING = join(ROOT, 'monitoring');
export const DASHBOARDS = join(MONITORING, 'grafana/dashboards');
export const RULES = join(MONITORING, 'prometheus/rules.yml');

/** {name -> [{labels, value}]} from a Prometheus text exposition */
export function parseExposition(text) {
  const series = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels = {};
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    if (!series.has(m[1])) series.set(m[1], []);
    series.get(m[1]).push({ labels, value: Number(m[4]) });
  }
  return series;
}

/** sum of a metric's samples whose labels include `match` */
export function total(series, name, match = {}) {
  return (series.get(name) ?? [])
    .filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((acc, s) => acc + s.value, 0);
}

/** Grafana's variables replaced by values PromQL accepts, so that a dashboard query parses as Prometheus sees it */
export function withGrafanaVariables(expr) {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\$\{?([A-Za-z_]\w*)\}?/g, 'var_$1');
}

/**
 * Parses a PromQL expression with the Prometheus project's own grammar (@prometheus-io/lezer-promql); returns
 * the metric names it reads and the syntax errors found (empty when it parses).
 */
export function parsePromql(expr) {
  const text = withGrafanaVariables(expr);
  const tree = promql.parse(text);
  const names = new Set();
  const errors = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(`syntax error at ${cursor.from}: ${text.slice(Math.max(0, cursor.from - 20), cursor.from + 20)}`);
    if (cursor.name === 'VectorSelector') {
      const inner = cursor.node.getChild('Identifier');
      if (inner) names.add(text.slice(inner.from, inner.to));
    }
  } while (cursor.next());
  return { names, errors };
}

export function metricNames(expr) {
  return parsePromql(expr).names;
}

export function dashboards() {
  return readdirSync(DASHBOARDS)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) }));
}

/** every PromQL expression of a dashboard: panel targets (also inside rows) and query variables */
export function dashboardExprs(json) {
  const exprs = [];
  const panels = (list) => {
    for (const p of list ?? []) {
      for (const t of p.targets ?? []) if (t.expr) exprs.push({ where: `panel "${p.title}"`, expr: t.expr });
      panels(p.panels);
    }
  };
  panels(json.panels);
  for (const v of json.templating?.list ?? []) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    if (v.type === 'query' && q) {
      const inner = q.match(/^label_values\((.*),\s*[a-zA-Z_]+\)$/)?.[1] ?? q;
      exprs.push({ where: `variable ${v.name}`, expr: inner });
    }
  }
  return exprs;
}

export function ruleGroups() {
  return readYaml(RULES).groups ?? [];
}

/** names made by recording rules: they exist in Prometheus, not in any service's scrape */
export function recordedNames() {
  return new Set(ruleGroups().flatMap((g) => g.rules.filter((r) => r.record).map((r) => r.record)));
}

/** made by Prometheus itself */
const PROMETHEUS_OWN = new Set(['up', 'ALERTS']);
/** read from exporters that are not Teamchat's (docs/operations.md): cert-manager's certificate expiry */
export const EXPORTERS = new Set(['certmanager_certificate_expiration_timestamp_seconds']);

/** every metric a dashboard or rule reads, with where it is read, minus recorded names and Prometheus' own */
export function metricsReadByMonitoring() {
  const recorded = recordedNames();
  const reads = new Map();
  const add = (where, expr) => {
    for (const n of metricNames(expr)) {
      if (recorded.has(n) || PROMETHEUS_OWN.has(n) || EXPORTERS.has(n)) continue;
      if (!reads.has(n)) reads.set(n, []);
      reads.get(n).push(where);
    }
  };
  for (const { file, json } of dashboards()) for (const { where, expr } of dashboardExprs(json)) add(`${file} ${where}`, expr);
  for (const g of ruleGroups()) for (const r of g.rules) add(`rule ${r.alert ?? r.record}`, r.expr);
  return reads;
}
