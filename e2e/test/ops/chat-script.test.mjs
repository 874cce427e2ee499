// ./chat and .ci/run: the parts that can be checked without starting the system.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, run } from './lib.mjs';

const CHAT = join(ROOT, 'chat');
const PARTS = ['common', 'stores', 'services', 'build', 'test'].map((p) => join(ROOT, 'scripts/chat', `${p}.sh`));
let tmp;

/** a fake JDK whose java prints the given version the way `java -version` does */
function fakeJdk(dir, version) {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const java = join(dir, 'bin', 'java');
  writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-01-01' >&2\n`);
  chmodSync(java, 0o755);
  return dir;
}

/** runs ./chat with a PATH whose `java` is a fake JDK 17 (so only JAVA_HOME / CHAT_JVM_DIR can satisfy it) */
function chat(args, env = {}) {
  const pathBin = join(tmp, 'path-bin');
  return run(CHAT, args, {
    env: {
      ...process.env,
      PATH: `${pathBin}:${process.env.PATH}`,
      CHAT_STATE_DIR: join(tmp, 'state'),
      JAVA_HOME: '',
      ...env,
    },
  });
}

/** a port nobody listens on (asked of the kernel, then let go) */
async function unusedPort() {
  const srv = createServer();
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  const { port } = srv.address();
  await new Promise((res) => srv.close(res));
  return port;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'teamchat-chat-'));
  fakeJdk(join(tmp, 'jvm-none/jdk-17'), '17.0.9');
  fakeJdk(join(tmp, 'jvm-none/jdk-8'), '1.8.0_392');
  fakeJdk(join(tmp, 'jvm-some/jdk-17'), '17.0.9');
  fakeJdk(join(tmp, 'jvm-some/jdk-21'), '21.0.5');
  fakeJdk(join(tmp, 'jvm-some/jdk-25'), '25');
  fakeJdk(join(tmp, 'jdk-22-home'), '22.0.1');
  mkdirSync(join(tmp, 'path-bin'));
  fakeJdk(join(tmp, 'path-jdk'), '17.0.2');
  writeFileSync(join(tmp, 'path-bin/java'), `#!/bin/sh\nexec ${join(tmp, 'path-jdk/bin/java')} "$@"\n`);
  chmodSync(join(tmp, 'path-bin/java'), 0o755);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('./chat', () => {
  it('help lists the subcommands', () => {
    const r = chat(['help']);
    assert.equal(r.status, 0, r.stderr);
    for (const c of ['up', 'down', 'status', 'logs', 'test']) assert.match(r.stdout, new RegExp(`\\./chat ${c}\\b`));
  });

  it('an unknown command fails with usage', () => {
    const r = chat(['frobnicate']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown command/);
  });

  it('JDK: picks the newest JDK 21+ under the JVM dir when JAVA_HOME and PATH have only 17', () => {
    const r = chat(['doctor'], { JAVA_HOME: join(tmp, 'jvm-none/jdk-17'), CHAT_JVM_DIR: join(tmp, 'jvm-some') });
    assert.match(r.stdout, new RegExp(`JDK 25 at ${join(tmp, 'jvm-some/jdk-25')}`), r.stdout + r.stderr);
  });

  it('JDK: prefers JAVA_HOME when it is 21+', () => {
    const r = chat(['doctor'], { JAVA_HOME: join(tmp, 'jdk-22-home'), CHAT_JVM_DIR: join(tmp, 'jvm-some') });
    assert.match(r.stdout, /JDK 22 at .*jdk-22-home/, r.stdout + r.stderr);
  });

  it('JDK: none 21+ -> `up` exits 1 naming what to install, before touching anything', () => {
    const r = chat(['up', '--no-build'], { CHAT_JVM_DIR: join(tmp, 'jvm-none') });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no JDK 21 or newer found/);
    assert.match(r.stderr, /install a JDK 21\+/);
  });

  it('stores: reports PostgreSQL/Redis that answer, and what it would do for ones that do not', async () => {
    const closed = await unusedPort();
    const r = chat(['doctor'], { CHAT_JVM_DIR: join(tmp, 'jvm-some'), DB_PORT: String(closed), REDIS_PORT: String(closed) });
    const out = r.stdout + r.stderr;
    assert.match(out, new RegExp(`PostgreSQL not reachable at 127\\.0\\.0\\.1:${closed}`));
    assert.match(out, new RegExp(`Redis not reachable at 127\\.0\\.0\\.1:${closed}`));
  });

  it('logs: unknown service is an error', () => {
    const r = chat(['logs', 'nosuch-service']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown service/);
  });

  it('status: works with nothing running in a fresh state dir', () => {
    const r = chat(['status'], { CHAT_PORT_BASE: '28580' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /gateway-service\s+-\s+28580\s+stopped/);
    assert.match(r.stdout, /auth-service\s+-\s+28581\s+stopped/);
  });

  it('CHAT_AOT=1: trains where a service has no cache or a stale one, uses a cache newer than the jar', () => {
    const state = join(tmp, 'aot-state');
    const jar = join(tmp, 'aot-service.jar');
    const aotOpts = (env) =>
      run('bash', ['-c', `SELF=${CHAT}; ROOT=${ROOT}; source scripts/chat/common.sh; source scripts/chat/services.sh; aot_opts gateway-service ${jar}`], {
        cwd: ROOT,
        env: { ...process.env, CHAT_STATE_DIR: state, ...env },
      });
    writeFileSync(jar, 'jar');
    assert.equal(aotOpts({ CHAT_AOT: '0', JAVA_MAJOR: '25' }).stdout, '', 'off unless asked for');
    const cache = join(state, 'aot', 'gateway-service.aot');
    assert.equal(aotOpts({ CHAT_AOT: '1', JAVA_MAJOR: '25' }).stdout.trim(), `-XX:AOTCacheOutput=${cache}`, 'no cache: a training run');
    writeFileSync(cache, 'cache');
    const later = new Date(Date.now() + 5_000);
    utimesSync(cache, later, later);
    assert.equal(aotOpts({ CHAT_AOT: '1', JAVA_MAJOR: '25' }).stdout.trim(), `-XX:AOTCache=${cache}`, 'a cache newer than the jar');
    const newerJar = new Date(Date.now() + 10_000);
    utimesSync(jar, newerJar, newerJar);
    assert.equal(aotOpts({ CHAT_AOT: '1', JAVA_MAJOR: '25' }).stdout.trim(), `-XX:AOTCacheOutput=${cache}`, 'a rebuilt jar trains again');
    const old = aotOpts({ CHAT_AOT: '1', JAVA_MAJOR: '21' });
    assert.equal(old.stdout, '', 'a JDK before 25 starts without');
    assert.match(old.stderr, /needs JDK 25/);
  });

  it('up: a started service is followed by its pid, also in the moment before its fork has become java', async () => {
    // A live process whose command line names no jar: what the pid file points at between the background fork and
    // its exec of nohup/java. wait_ready once took it for a service that had exited, and up stopped everything.
    const state = join(tmp, 'ready-state');
    mkdirSync(join(state, 'pids'), { recursive: true });
    mkdirSync(join(state, 'logs'), { recursive: true });
    const www = join(tmp, 'ready-www');
    mkdirSync(join(www, 'q/health'), { recursive: true });
    writeFileSync(join(www, 'q/health/ready'), 'UP');
    const management = await unusedPort();
    const health = spawn('python3', ['-m', 'http.server', String(management), '--bind', '127.0.0.1'], { cwd: www, stdio: 'ignore' });
    const forked = spawn('sleep', ['60'], { stdio: 'ignore' });
    writeFileSync(join(state, 'pids', 'gateway-service.pid'), String(forked.pid));
    try {
      const waitReady = () =>
        run('bash', ['-c', `SELF=${CHAT}; ROOT=${ROOT}; source scripts/chat/common.sh; source scripts/chat/services.sh; wait_ready gateway-service`], {
          cwd: ROOT,
          env: { ...process.env, CHAT_STATE_DIR: state, CHAT_PORT_BASE: String(management - 1000), CHAT_READY_TIMEOUT: '20' },
        });
      const ready = waitReady();
      assert.equal(ready.status, 0, ready.stderr);
      assert.match(ready.stdout, /gateway-service ready/);
      forked.kill();
      await new Promise((resolve) => forked.once('exit', resolve));
      const gone = waitReady();
      assert.equal(gone.status, 1, 'a process that is gone has exited');
      assert.match(gone.stderr, /gateway-service exited during start-up/);
    } finally {
      health.kill();
      forked.kill();
    }
  });

  it('test: an unknown part is refused', () => {
    const r = chat(['test', 'nope']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown test part/);
  });

  it('is shellcheck-clean (when shellcheck is installed)', (t) => {
    if (run('shellcheck', ['--version']).status !== 0) return t.skip('shellcheck not installed');
    const r = run('shellcheck', ['-x', CHAT, ...PARTS, join(ROOT, '.ci/run')]);
    assert.equal(r.status, 0, r.stdout);
  });
});

describe('./chat layout and test counts', () => {
  it('the entry script sources one file per job, and each exists', () => {
    const text = readFileSync(CHAT, 'utf8');
    for (const part of PARTS) {
      assert.ok(existsSync(part), part);
      assert.ok(text.includes(`source "$ROOT/${part.slice(ROOT.length + 1)}"`), `./chat does not source ${part}`);
    }
  });

  it('JUnitCounts reads pass/fail/skip from a JUnit report (node and Surefire shapes)', (t) => {
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
    if (run(java, ['-version']).status !== 0) return t.skip('no java');
    const dir = join(tmp, 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'node.xml'),
      `<?xml version="1.0"?><testsuites><testcase name="a"/><testcase name="b"><skipped/></testcase>
       <testsuite name="s"><testcase name="c"/><testcase name="d"><failure message="x"/></testcase></testsuite></testsuites>`,
    );
    mkdirSync(join(dir, 'surefire'));
    writeFileSync(
      join(dir, 'surefire/TEST-x.Y.xml'),
      `<?xml version="1.0"?><testsuite tests="4"><testcase name="e"/><testcase name="f"><error/></testcase>
       <testcase name="g"><flakyFailure/></testcase><testcase name="h"><skipped/></testcase></testsuite>`,
    );
    writeFileSync(join(dir, 'surefire/ignored.txt'), 'not a report');
    const r = run(java, [join(ROOT, 'scripts/chat/JUnitCounts.java'), join(dir, 'node.xml'), join(dir, 'surefire')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '4 2 2');
  });
});

describe('.ci/run', () => {
  it('runs ./chat test from the repo root under strict bash', () => {
    const text = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    assert.match(text, /^#!\/usr\/bin\/env bash\n/);
    assert.match(text, /^set -euo pipefail$/m);
    assert.match(text, /^exec \.\/chat test$/m);
  });
});
