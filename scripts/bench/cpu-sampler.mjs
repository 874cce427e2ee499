// CPU per message during a load's send phase (docs/benchmarks.md, "Message path").
//   node scripts/bench/cpu-sampler.mjs --pid <message-service pid> --metrics http://127.0.0.1:8083/q/metrics \
//     [--others gateway=<pid>,auth=<pid>,...] [--every 1000]
// Samples the process' CPU time (/proc/<pid>/stat utime+stime) and message-service's command batch summary
// (chat_commands_batch_size) every --every ms (default 1000) until SIGINT/SIGTERM, then prints one JSON line for the
// window in which commands were applied: CPU ms, commands, CPU ms per command, batches, mean batch size and, where the
// service publishes them, the batch size buckets (how many batches of at most N commands). With --others it also gives
// the CPU ms per command of those processes and of every postgres and redis-server process on the machine
// (`perCommand`: where a message's CPU goes; the load generator's own processes are not in it).
import { readFileSync, readdirSync } from 'node:fs';

const arg = (k, d) => { const i = process.argv.indexOf('--' + k); return i > 0 ? process.argv[i + 1] : d; };
const pid = arg('pid');
const metricsUrl = arg('metrics');
// Each sample scrapes message-service's /q/metrics: every 250 ms that was 15 % of the CPU it measured (JFR).
const every = Number(arg('every', 1000));
const TICKS_PER_SECOND = 100; // CLK_TCK on Linux
const others = (arg('others', '') || '').split(',').filter(Boolean).map((kv) => kv.split('='));
const samples = [];

function cpuTicks(of = pid) {
  // the command name (field 2) may hold spaces: count fields after its closing parenthesis
  const stat = readFileSync(`/proc/${of}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

/** CPU ticks of the named processes, and of all postgres and redis-server processes (backends come and go). */
function othersTicks() {
  if (!others.length) return {};
  const ticks = { postgres: 0, redis: 0 };
  for (const [name, p] of others) {
    try { ticks[name] = cpuTicks(p); } catch { ticks[name] = NaN; }
  }
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const comm = readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      if (comm === 'postgres') ticks.postgres += cpuTicks(p);
      else if (comm === 'redis-server') ticks.redis += cpuTicks(p);
    } catch { /* gone */ }
  }
  return ticks;
}

async function batchSummary() {
  const text = await (await fetch(metricsUrl)).text();
  const out = { count: 0, sum: 0, buckets: {} };
  for (const line of text.split('\n')) {
    if (!line.startsWith('chat_commands_batch_size')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('chat_commands_batch_size_count')) out.count += value;
    else if (line.startsWith('chat_commands_batch_size_sum')) out.sum += value;
    else if (line.startsWith('chat_commands_batch_size_bucket')) {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      if (le) out.buckets[le] = (out.buckets[le] || 0) + value;
    }
  }
  return out;
}

async function sample() {
  try {
    samples.push({ t: Date.now(), ticks: cpuTicks(), others: othersTicks(), ...(await batchSummary()) });
  } catch (e) {
    // the process restarting (fault tests): skip the sample
  }
}

function report() {
  const moving = samples.findIndex((s, i) => i > 0 && s.sum > samples[i - 1].sum);
  let last = -1;
  for (let i = 1; i < samples.length; i++) if (samples[i].sum > samples[i - 1].sum) last = i;
  if (moving < 0) {
    console.log(JSON.stringify({ error: 'no commands were applied while sampling', samples: samples.length }));
    process.exit(0);
  }
  const a = samples[moving - 1], b = samples[last];
  const cpuMs = ((b.ticks - a.ticks) * 1000) / TICKS_PER_SECOND;
  const commands = b.sum - a.sum, batches = b.count - a.count;
  const buckets = {};
  for (const le of Object.keys(b.buckets)) buckets[le] = b.buckets[le] - (a.buckets[le] || 0);
  console.log(JSON.stringify({
    windowS: +((b.t - a.t) / 1000).toFixed(1), cpuMs, commands, cpuMsPerCommand: +(cpuMs / commands).toFixed(3),
    cpuPercentOfACore: +((cpuMs / (b.t - a.t)) * 100).toFixed(1), batches, meanBatch: +(commands / batches).toFixed(2),
    batchesOfAtMost: buckets,
    ...(others.length ? { perCommand: perCommand(a, b, commands) } : {}),
  }));
  process.exit(0);
}

/** CPU ms per command of each other process (postgres: every backend, so a quiet machine is assumed). */
function perCommand(a, b, commands) {
  const out = { 'message-service': +((((b.ticks - a.ticks) * 1000) / TICKS_PER_SECOND) / commands).toFixed(3) };
  for (const name of Object.keys(b.others)) {
    out[name] = +((((b.others[name] - a.others[name]) * 1000) / TICKS_PER_SECOND) / commands).toFixed(3);
  }
  out.total = +Object.values(out).reduce((x, y) => x + (Number.isFinite(y) ? y : 0), 0).toFixed(3);
  return out;
}

process.on('SIGINT', report);
process.on('SIGTERM', report);
for (;;) {
  await sample();
  await new Promise((r) => setTimeout(r, every));
}
