// Restarts the gateway of the system `./chat up` started (the isolated e2e one, or a developer's own),
// found through CHAT_STATE_DIR: the same command line and environment, a new pid in the same pid file.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STATE_DIR = process.env.CHAT_STATE_DIR;

function pidFile() {
  return STATE_DIR ? join(STATE_DIR, 'pids', 'gateway-service.pid') : null;
}

/** why the gateway cannot be restarted from here, or null when it can */
export function cannotRestartGateway() {
  const f = pidFile();
  if (!f) return 'CHAT_STATE_DIR is not set (run through ./chat test e2e, or set it to the state dir of ./chat up)';
  if (!existsSync(f)) return `no ${f}: the gateway was not started by ./chat up with this state dir`;
  return null;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** stops the gateway (SIGTERM, as ./chat down does) and returns a function that starts it again */
export async function stopGateway() {
  const f = pidFile();
  const pid = Number(readFileSync(f, 'utf8').trim());
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  if (!cmdline.some((a) => a.includes('gateway-service/target/quarkus-app/quarkus-run.jar'))) {
    throw new Error(`pid ${pid} in ${f} is not the gateway: ${cmdline.join(' ')}`);
  }
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const cwd = readlinkSync(`/proc/${pid}/cwd`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`the gateway (pid ${pid}) did not stop within 20 s`);
  return function start() {
    const log = openSync(join(STATE_DIR, 'logs', 'gateway-service.log'), 'a');
    const child = spawn(cmdline[0], cmdline.slice(1), { env, cwd, detached: true, stdio: ['ignore', log, log] });
    child.unref();
    closeSync(log);
    writeFileSync(f, `${child.pid}\n`);
    return child.pid;
  };
}
