// monitoring/: Grafana dashboards and Prometheus rules, checked without a running system: every query parses with
// Prometheus' own PromQL grammar, every alert has a severity and a runbook paragraph in docs/operations.md.
// That every metric they read exists is checked against live scrapes in test/e2e/metrics.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './lib.mjs';
import { dashboardExprs, dashboards, parsePromql, ruleGroups } from './monitoring.mjs';

const REQUIRED_DASHBOARDS = ['overview', 'message-path', 'sockets', 'auth', 'stores'];
const REQUIRED_ALERTS = [
  'TeamchatHttp5xxRate',
  'TeamchatDeliveryP95Over100ms',
  'TeamchatCommandLagGrowing',
  'TeamchatPendingEntriesStuck',
  'TeamchatDeadLetters',
  'TeamchatInstanceDown',
  'TeamchatCertificateExpiresSoon',
  'TeamchatSigningKeyRotationDue',
  'TeamchatAvailabilityBudgetBurnFast',
  'TeamchatAvailabilityBudgetBurnSlow',
  'TeamchatDeliveryLatencyBudgetBurnFast',
  'TeamchatDeliveryLatencyBudgetBurnSlow',
];

describe('Grafana dashboards', () => {
  const all = dashboards();

  it('overview, message path, sockets, auth and PostgreSQL/Redis exist with unique uids', () => {
    assert.deepEqual(all.map((d) => d.file.replace(/\.json$/, '')).sort(), [...REQUIRED_DASHBOARDS].sort());
    const uids = all.map((d) => d.json.uid);
    assert.equal(new Set(uids).size, uids.length, 'unique uids');
  });

  for (const { file, json } of all) {
    it(`${file}: every panel has a query, and every query parses as PromQL`, () => {
      assert.ok(json.title && json.panels?.length, 'title and panels');
      for (const p of json.panels) assert.ok(p.targets?.length, `panel "${p.title}" has a query`);
      for (const { where, expr } of dashboardExprs(json)) {
        const { names, errors } = parsePromql(expr);
        assert.deepEqual(errors, [], `${where}: ${expr}`);
        assert.ok(names.size > 0, `${where} reads a metric: ${expr}`);
      }
    });
  }
});

describe('Prometheus rules', () => {
  const rules = ruleGroups().flatMap((g) => g.rules);
  const alerts = rules.filter((r) => r.alert);
  const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');

  it('has the alerts the issue names, multi-window burn rates included', () => {
    for (const name of REQUIRED_ALERTS) assert.ok(alerts.some((a) => a.alert === name), name);
    const fast = alerts.find((a) => a.alert === 'TeamchatAvailabilityBudgetBurnFast').expr;
    for (const w of ['1h', '5m', '6h', '30m']) assert.match(fast, new RegExp(`ratio_rate${w}\\b`), `window ${w}`);
  });

  it('every expression parses as PromQL', () => {
    for (const r of rules) assert.deepEqual(parsePromql(r.expr).errors, [], `${r.alert ?? r.record}: ${r.expr}`);
  });

  it('every recording rule used is defined', () => {
    const recorded = new Set(rules.filter((r) => r.record).map((r) => r.record));
    for (const r of rules) {
      for (const n of parsePromql(r.expr).names) {
        if (n.includes(':')) assert.ok(recorded.has(n), `${r.alert ?? r.record} reads undefined ${n}`);
      }
    }
  });

  for (const a of alerts) {
    it(`${a.alert}: severity and a runbook paragraph in docs/operations.md`, () => {
      assert.match(a.labels?.severity ?? '', /^(page|ticket|warning)$/);
      assert.ok(a.annotations?.summary, 'summary');
      assert.equal(a.annotations?.runbook_url, `docs/operations.md#${a.alert.toLowerCase()}`);
      const heading = new RegExp(`^#### ${a.alert}$`, 'm');
      assert.match(operations, heading, `docs/operations.md has "#### ${a.alert}"`);
      const paragraph = operations.split(heading)[1]?.split(/^#{2,4} /m)[0] ?? '';
      assert.ok(paragraph.trim().length > 80, `${a.alert}: the runbook says what to do`);
    });
  }
});
