// Metrics: after a few messages, each service's management port serves every meter docs/operations.md names,
// the public port serves none of it, and every metric the dashboards and alert rules read exists.
// E2E_MANAGEMENT_PORT_BASE (./chat test e2e sets it; 9080 by default) is the gateway's management port, the
// others follow in ./chat's order: +1 auth, +2 room, +3 message, +4 presence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseExposition, metricsReadByMonitoring, total } from '../ops/monitoring.mjs';
import {
  GATEWAY_URL,
  api,
  clientMsgId,
  connect,
  describeResponse,
  emitAck,
  registerUser,
  sleep,
  uniqueName,
  waitFor,
} from '../lib.mjs';

const T = { timeout: 60_000 };
const MGMT_BASE = Number(process.env.E2E_MANAGEMENT_PORT_BASE ?? 9080);
const MGMT_HOST = process.env.E2E_MANAGEMENT_HOST ?? '127.0.0.1';
const ORDER = ['gateway-service', 'auth-service', 'room-service', 'message-service', 'presence-service'];
const managementUrl = (svc) => `http://${MGMT_HOST}:${MGMT_BASE + ORDER.indexOf(svc)}`;

async function scrape(svc) {
  const res = await fetch(`${managementUrl(svc)}/q/metrics`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200, `${svc} /q/metrics`);
  return parseExposition(await res.text());
}

/** scrapes until check(series) holds (gauges polled in the background lag by a few seconds) */
async function scrapeUntil(svc, check, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const series = await scrape(svc);
    if (check(series) || Date.now() > deadline) return series;
    await sleep(500);
  }
}

const SENT = 3;

describe('metrics on the management ports', T, () => {
  let a;
  let b;
  let room;
  const sockets = [];

  before(async () => {
    [a, b] = await Promise.all([registerUser('e2e_metrics_a'), registerUser('e2e_metrics_b')]);
    const created = await api('POST', '/api/rooms', {
      token: a.token,
      json: { name: uniqueName('metrics'), description: 'metrics', isPrivate: false },
    });
    assert.equal(created.status, 201, describeResponse(created));
    room = created.body;
    const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: b.token });
    assert.ok(joined.status < 300, describeResponse(joined));
    for (const u of [a, b]) {
      u.socket = await connect(u.token);
      sockets.push(u.socket);
      const ack = await emitAck(u.socket, 'join-room', { roomId: room.id });
      assert.equal(ack?.ok, true, JSON.stringify(ack));
    }
    for (let i = 0; i < SENT; i++) {
      const content = `metrics ${i} ${uniqueName('m')}`;
      const atB = waitFor(b.socket, 'message-received', (e) => e?.message?.content === content);
      const ack = await emitAck(a.socket, 'send-message', { roomId: room.id, content, clientMsgId: clientMsgId() });
      assert.equal(ack?.ok, true, JSON.stringify(ack));
      await atB;
    }
    const history = await api('GET', `/api/rooms/${room.id}/messages?limit=10`, { token: b.token });
    assert.equal(history.status, 200, describeResponse(history));
    const failed = await api('POST', '/api/auth/login', { json: { login: a.username, password: 'not-the-password' } });
    assert.equal(failed.status, 401, describeResponse(failed));
  });

  after(() => {
    for (const s of sockets) s.close();
  });

  it('the public port serves no operational endpoint', T, async () => {
    for (const path of ['/q/metrics', '/q/health/ready', '/q/openapi']) {
      const r = await api('GET', path);
      assert.equal(r.status, 404, `${GATEWAY_URL}${path}: ${describeResponse(r)}`);
    }
  });

  it('every service is ready and serves HTTP and JVM meters on its management port', T, async () => {
    for (const svc of ORDER) {
      const ready = await fetch(`${managementUrl(svc)}/q/health/ready`);
      assert.equal(ready.status, 200, `${svc} ready`);
      const series = await scrape(svc);
      for (const name of ['jvm_memory_used_bytes', 'jvm_threads_live_threads', 'process_cpu_usage']) {
        assert.ok(series.has(name), `${svc} has ${name}`);
      }
      // presence-service got no REST request from this test: its HTTP meter appears with the first one
      if (svc !== 'presence-service') {
        assert.ok(series.has('http_server_requests_seconds_count'), `${svc} has http_server_requests_seconds`);
      }
    }
  });

  it('gateway: sockets, messages in/out, inbound events, ack and delivery histograms with SLO buckets, rate limits, cache, sessions', T, async () => {
    const g = await scrape('gateway-service');
    assert.ok(total(g, 'chat_gateway_sockets_connected') >= 2, 'two sockets connected');
    assert.ok(total(g, 'chat_gateway_messages_in_total') >= SENT, 'messages in');
    assert.ok(total(g, 'chat_gateway_messages_out_total') >= SENT, 'messages out');
    assert.ok(total(g, 'chat_gateway_send_ack_latency_seconds_count', { outcome: 'ok' }) >= SENT, 'acks timed');
    assert.ok(total(g, 'chat_gateway_send_delivery_latency_seconds_count') >= SENT, 'deliveries timed');
    // live fan-out: the joined room's messages came in on its channel; the user-events series exists from the start
    assert.ok(total(g, 'chat_gateway_events_in_total', { source: 'room-channel' }) >= SENT, 'room-channel events in');
    assert.ok((g.get('chat_gateway_events_in_total') ?? []).some((s) => s.labels.source === 'user-stream'), 'user-stream events');
    for (const name of ['chat_gateway_send_ack_latency_seconds_bucket', 'chat_gateway_send_delivery_latency_seconds_bucket']) {
      const les = new Set((g.get(name) ?? []).map((s) => s.labels.le));
      for (const le of ['0.05', '0.1', '0.25']) assert.ok(les.has(le), `${name} has the SLO bucket le=${le}`);
    }
    assert.ok(g.has('chat_gateway_rate_limited_total'), 'rate-limit hits');
    assert.ok(total(g, 'chat_cache_requests_total', { cache: 'membership', result: 'hit' }) >= 1, 'cache hits');
    // the room exists, so join-room and the sends all hit; the miss series exists from the start
    assert.ok((g.get('chat_cache_requests_total') ?? []).some((s) => s.labels.result === 'miss'), 'cache misses');
    assert.ok(g.has('chat_gateway_socket_session_duration_seconds_bucket'), 'session duration histogram');
    assert.ok(g.has('redis_pool_active') && g.has('redis_commands_duration_seconds_count'), 'Redis pool and commands');
  });

  it('message-service: stored messages, batch sizes, command stream lag, pending and dead letters, pool usage', T, async () => {
    const m = await scrapeUntil('message-service', (s) => total(s, 'chat_stream_group_pending') >= 0);
    assert.ok(total(m, 'chat_messages_stored_total') >= SENT, 'messages stored');
    assert.ok(total(m, 'chat_commands_batch_size_count') >= 1, 'batches');
    assert.ok(total(m, 'chat_commands_batch_size_sum') >= SENT, 'commands in batches');
    // Each command's wait in its partition, and each batch's time (the same batches as the sizes above).
    assert.ok(total(m, 'chat_commands_wait_seconds_count') >= SENT, 'command waits');
    assert.ok(total(m, 'chat_commands_batch_duration_seconds_count') >= 1, 'batch times');
    assert.ok(m.has('chat_commands_wait_seconds_bucket'), 'command wait buckets');
    for (const name of ['chat_stream_group_lag', 'chat_stream_group_pending', 'chat_stream_dead_letters']) {
      const samples = m.get(name) ?? [];
      assert.ok(samples.length >= 1, `${name} present`);
      assert.ok(samples.every((s) => s.value >= 0), `${name} polled: ${JSON.stringify(samples)}`);
    }
    assert.ok(m.has('agroal_active_count') && m.has('agroal_available_count'), 'PostgreSQL pool usage');
  });

  it('auth-service: login failures by reason, signing key age and rotation date, and the pool', T, async () => {
    const s = await scrape('auth-service');
    assert.ok(total(s, 'chat_auth_login_failures_total', { reason: 'wrong_password' }) >= 1, 'wrong password counted');
    assert.ok(total(s, 'chat_auth_signing_key_age_seconds') >= 0, 'signing key age');
    assert.ok(total(s, 'chat_auth_signing_key_rotation_due_timestamp_seconds') > Date.now() / 1000, 'rotation due later');
    assert.ok(s.has('agroal_active_count'), 'PostgreSQL pool usage');
  });

  it('presence-service: daily and monthly active users', T, async () => {
    const active = (s, window) => total(s, 'chat_active_users', { window });
    const s = await scrapeUntil('presence-service', (x) => active(x, 'day') >= 2 && active(x, 'month') >= 2);
    assert.ok(active(s, 'day') >= 2, `DAU counts both users: ${active(s, 'day')}`);
    assert.ok(active(s, 'month') >= active(s, 'day'), 'MAU >= DAU');
  });

  it('every metric a Grafana dashboard or a Prometheus rule reads is served by some service', T, async () => {
    const served = new Set();
    for (const svc of ORDER) for (const name of (await scrape(svc)).keys()) served.add(name);
    const missing = [...metricsReadByMonitoring()].filter(([name]) => !served.has(name));
    assert.deepEqual(
      missing.map(([name, where]) => `${name} (${where.join(', ')})`),
      [],
      'metrics read by monitoring/ that no service serves',
    );
  });
});
