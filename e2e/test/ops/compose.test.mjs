// docker-compose.yml: parsed (no engine runs here) and checked against docs/conventions.md.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SERVICES, readYaml, run } from './lib.mjs';

const compose = readYaml(join(ROOT, 'docker-compose.yml'));
const svcs = compose.services ?? {};
const envOf = (s) => {
  const e = svcs[s].environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((x) => [x.split('=')[0], x.split('=').slice(1).join('=')]));
  return e;
};

describe('docker-compose.yml', () => {
  it('has postgres:16 and redis:7 with health checks', () => {
    assert.match(svcs.postgres?.image ?? '', /^postgres:16/);
    assert.match(svcs.redis?.image ?? '', /^redis:7/);
    for (const s of ['postgres', 'redis']) {
      assert.ok(svcs[s].healthcheck?.test, `${s} has a healthcheck`);
    }
  });

  for (const [name, port] of Object.entries(SERVICES)) {
    describe(name, () => {
      it('is built from its Dockerfile.jvm on eclipse-temurin:21-jre copying target/quarkus-app', () => {
        const b = svcs[name]?.build;
        assert.ok(b, `${name} present with a build section`);
        const dockerfile = join(ROOT, b.context, b.dockerfile);
        assert.equal(b.dockerfile, 'src/main/docker/Dockerfile.jvm');
        assert.ok(existsSync(dockerfile), `${dockerfile} exists`);
        const text = readFileSync(dockerfile, 'utf8');
        assert.match(text, /^FROM eclipse-temurin:21-jre\s*$/m);
        assert.match(text, /COPY .*target\/quarkus-app\/lib\//);
        assert.match(text, /quarkus-run\.jar/);
        assert.match(text, /^USER (?!root|0\b)/m, 'runs as a non-root user');
      });

      it(`health check on /q/health/ready at the management port ${port + 1000}`, () => {
        const hc = svcs[name].healthcheck;
        assert.ok(hc?.test, 'has a healthcheck');
        const test = Array.isArray(hc.test) ? hc.test.join(' ') : hc.test;
        assert.ok(test.includes(`:${port + 1000}/q/health/ready`), test);
      });

      it('environment per conventions.md', () => {
        const env = envOf(name);
        assert.match(env.DB_URL, /^jdbc:postgresql:\/\/postgres:5432\/chat$/);
        assert.equal(env.REDIS_URL, 'redis://redis:6379');
        assert.equal(env.AUTH_URL, 'http://auth-service:8081');
        assert.equal(env.ROOM_URL, 'http://room-service:8082');
        assert.equal(env.MESSAGE_URL, 'http://message-service:8083');
        assert.equal(env.PRESENCE_URL, 'http://presence-service:8084');
        assert.ok('CHAT_STREAMS_PREFIX' in env);
        const portEnv = `${name.replace('-service', '').toUpperCase()}_PORT`;
        assert.equal(String(env[portEnv]), String(port));
      });

      it('waits for healthy stores (and auth-service, whose JWKS it needs)', () => {
        const dep = svcs[name].depends_on ?? {};
        for (const s of ['postgres', 'redis']) assert.equal(dep[s]?.condition, 'service_healthy', `${name} -> ${s}`);
        if (name !== 'auth-service') assert.equal(dep['auth-service']?.condition, 'service_healthy');
      });
    });
  }

  it('two gateways get the SPA and publish nothing: nginx is the way in (TLS on 8443, WebSocket upgrade)', () => {
    const g = svcs['gateway-service'];
    assert.equal(g.deploy?.replicas, 2);
    assert.deepEqual(g.ports ?? [], []);
    assert.ok(g.build.additional_contexts?.spa, 'SPA build context');
    assert.ok(envOf('gateway-service').SPA_DIR);
    const n = svcs.nginx;
    assert.ok(n.ports.some((p) => String(p).endsWith('8443:8443')), JSON.stringify(n.ports));
    assert.equal(n.depends_on?.['tls-cert']?.condition, 'service_completed_successfully');
    const conf = readFileSync(join(ROOT, 'nginx/nginx.conf'), 'utf8');
    assert.match(conf, /listen 8443 ssl/);
    assert.match(conf, /proxy_set_header Upgrade \$http_upgrade/);
    assert.match(conf, /proxy_set_header Connection \$connection_upgrade/);
    assert.match(conf, /server gateway-service:8080/);
    assert.match(conf, /ip_hash/, 'long-polling sessions stay on one gateway');
    assert.match(conf, /proxy_read_timeout 3600s/);
  });

  it('stores and internal services are published on loopback only', () => {
    for (const [name, s] of Object.entries(svcs)) {
      if (name === 'nginx') continue;
      for (const p of s.ports ?? []) assert.match(String(p), /^127\.0\.0\.1:/, `${name} publishes ${p}`);
    }
  });

  it('the monitoring profile runs Prometheus (scraping every management port) and provisioned Grafana', () => {
    for (const s of ['prometheus', 'grafana']) assert.deepEqual(svcs[s]?.profiles, ['monitoring'], s);
    const prom = readYaml(join(ROOT, 'monitoring/prometheus/prometheus.yml'));
    const text = JSON.stringify(prom.scrape_configs);
    for (const [name, port] of Object.entries(SERVICES)) {
      assert.ok(text.includes(`${name}:${port + 1000}`) || text.includes(`"${name}"`), `scrapes ${name}`);
    }
    assert.ok(prom.rule_files?.includes('rules.yml'), 'loads the alert rules');
    assert.ok(svcs.grafana.volumes.some((v) => v.startsWith('./monitoring/grafana/dashboards:')), 'dashboards mounted');
    const provider = readYaml(join(ROOT, 'monitoring/grafana/provisioning/dashboards/teamchat.yml'));
    assert.equal(provider.providers[0].options.path, '/var/lib/grafana/dashboards');
  });

  it('the replica profile runs a streaming hot standby of postgres that message-service can read from', () => {
    const r = svcs['postgres-replica'];
    assert.deepEqual(r?.profiles, ['replica']);
    assert.match(r.image, /^postgres:16/);
    assert.equal(r.depends_on?.postgres?.condition, 'service_healthy');
    const script = [].concat(r.command).join('\n');
    assert.match(script, /pg_basebackup -h postgres .*-R -X stream/, 'copies the primary and writes standby settings');
    assert.match(script, /hot_standby=on/);
    assert.ok(r.healthcheck?.test, 'has a healthcheck');
    // the primary accepts replication connections with a password, and only through its own rules file
    assert.ok(svcs.postgres.volumes.some((v) => v.startsWith('./postgres/pg_hba.conf:')), 'pg_hba.conf mounted');
    assert.match(readFileSync(join(ROOT, 'postgres/pg_hba.conf'), 'utf8'), /^host\s+replication\s+all\s+all\s+scram-sha-256$/m);
    assert.equal(envOf('message-service').DB_REPLICA_URL, '${DB_REPLICA_URL:-}', 'off unless DB_REPLICA_URL is set');
  });

  it('commits no secret: passwords come from the environment', () => {
    assert.match(svcs.postgres.environment.POSTGRES_PASSWORD, /^\$\{POSTGRES_PASSWORD/);
  });

  it('each service connects to Redis as its own ACL user, made from k8s/base/redis/acl.conf; no passwordless default', () => {
    const r = svcs.redis;
    assert.ok(r.volumes.includes('./k8s/base/redis:/acl:ro'), 'the one source mounted');
    const command = Array.isArray(r.command) ? r.command.join(' ') : r.command;
    assert.match(command, /sh \/acl\/acl\.sh file > \/data\/users\.acl/);
    assert.match(command, /redis-server .*--aclfile \/data\/users\.acl/);
    assert.match(r.environment.REDIS_ADMIN_PASSWORD, /^\$\{REDIS_ADMIN_PASSWORD/, 'the default user has a password');
    for (const name of Object.keys(SERVICES)) {
      const env = envOf(name);
      const short = name.replace('-service', '');
      assert.equal(env.REDIS_USER, `teamchat-${short}`, `${name} REDIS_USER`);
      const variable = `${short.toUpperCase()}_REDIS_PASSWORD`;
      assert.match(env.REDIS_PASSWORD, new RegExp(`^\\$\\{${variable}`), `${name} REDIS_PASSWORD from ${variable}`);
      assert.equal(r.environment[variable], env.REDIS_PASSWORD, `redis makes ${name}'s user with the same password`);
    }
  });

  it('`docker compose config` accepts it (when the compose plugin is installed)', (t) => {
    const v = run('docker', ['compose', 'version']);
    if (v.status !== 0) return t.skip('docker compose plugin not installed');
    const r = run('docker', ['compose', '-f', join(ROOT, 'docker-compose.yml'), 'config', '-q']);
    assert.equal(r.status, 0, r.stderr);
  });
});
