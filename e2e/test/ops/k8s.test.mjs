// k8s/: the kustomize base and dev overlay, rendered and checked for shape. The thorough checks (fabric8 model,
// pod security, NetworkPolicies, chart vs overlays with Helm's own engine) are k8s/validation's Java tests.
// Rendering uses a real kustomize when one is installed (kustomize, or kubectl with kustomize >= v4), and
// always also the minimal renderer in lib.mjs, so the check runs on machines without either.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SERVICES, readYaml, realKustomize, renderMinimal, renderReal, run } from './lib.mjs';

const BASE = join(ROOT, 'k8s/base');
const DEV = join(ROOT, 'k8s/overlays/dev');
const real = realKustomize();
// the services that have a Redis ACL user in the one source
const ACL_SERVICES = new Set(
  readFileSync(join(BASE, 'redis/acl.conf'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split(/\s+/)[0]),
);

function checkServices(objects, { namespace } = {}) {
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('teamchat-config'));
  assert.ok(cm, 'ConfigMap teamchat-config');
  for (const key of ['DB_URL', 'REDIS_URL', 'AUTH_URL', 'ROOM_URL', 'MESSAGE_URL', 'PRESENCE_URL', 'CHAT_STREAMS_PREFIX']) {
    assert.ok(cm.data?.[key], `ConfigMap has ${key}`);
  }
  for (const key of Object.keys(cm.data)) assert.doesNotMatch(key, /PASSWORD|SECRET|PRIVATE/i, `no secret in the ConfigMap: ${key}`);

  for (const [name, port] of Object.entries(SERVICES)) {
    const d = find('Deployment', name);
    const s = find('Service', name);
    assert.ok(d, `Deployment ${name}`);
    assert.ok(s, `Service ${name}`);
    if (namespace) {
      assert.equal(d.metadata.namespace, namespace);
      assert.equal(s.metadata.namespace, namespace);
    }
    // the Service selects the Deployment's pods
    const podLabels = d.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(s.spec.selector)) assert.equal(podLabels[k], v, `${name}: selector ${k}`);
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) assert.equal(podLabels[k], v, `${name}: matchLabels ${k}`);

    const c = d.spec.template.spec.containers[0];
    assert.match(c.image, new RegExp(`teamchat/${name}:`));
    const cport = c.ports.find((p) => p.containerPort === port);
    assert.ok(cport, `${name} container port ${port}`);
    const sport = s.spec.ports.find((p) => p.port === port);
    assert.ok(sport, `${name} service port ${port}`);
    assert.ok(sport.targetPort === port || sport.targetPort === cport.name, `${name} targetPort`);

    assert.equal(c.readinessProbe?.httpGet?.path, '/q/health/ready', `${name} readiness`);
    assert.equal(c.livenessProbe?.httpGet?.path, '/q/health/live', `${name} liveness`);
    assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${name} resource requests`);

    const envFrom = c.envFrom ?? [];
    assert.ok(envFrom.some((e) => e.configMapRef?.name === cm.metadata.name), `${name} uses ${cm.metadata.name}`);
    // its own Secret only (docs/security.md): no other service's passwords, no administrator's
    const secretRefs = envFrom.filter((e) => e.secretRef).map((e) => e.secretRef.name);
    const keyRefs = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.valueFrom.secretKeyRef.name);
    assert.equal(secretRefs.length, 1, `${name} mounts one Secret`);
    for (const ref of [...secretRefs, ...keyRefs]) {
      assert.match(ref, new RegExp(`^teamchat-${name}(-[a-z0-9]{10})?$`), `${name} references only its own Secret`);
    }
    // and connects to Redis as its own ACL user, one of k8s/base/redis/acl.conf's
    const redisUser = c.env.find((e) => e.name === 'REDIS_USER')?.value;
    assert.equal(redisUser, `teamchat-${name.replace('-service', '')}`, `${name} REDIS_USER`);
    assert.ok(ACL_SERVICES.has(name.replace('-service', '')), `${name} has rules in acl.conf`);
    const portEnv = `${name.replace('-service', '').toUpperCase()}_PORT`;
    assert.equal(c.env.find((e) => e.name === portEnv)?.value, String(port));
  }
}

function noCommittedSecretValues(objects) {
  for (const o of objects.filter((x) => x.kind === 'Secret')) {
    assert.ok(!o.data && !o.stringData, `Secret ${o.metadata.name} must not carry values in git`);
  }
}

describe('k8s/base (kustomize)', () => {
  it('renders with the minimal renderer: a Deployment + Service per service, ConfigMap, probes, requests', () => {
    const objects = renderMinimal(BASE);
    checkServices(objects);
    noCommittedSecretValues(objects);
    assert.ok(!objects.some((o) => o.kind === 'Secret'), 'the base contains no Secret, only references one');
  });

  it(`renders with a real kustomize (${real ? `${real.cmd} ${real.version}` : 'none installed'})`, (t) => {
    if (!real) return t.skip('no kustomize >= v4 installed (kubectl kustomize / kustomize build)');
    checkServices(renderReal(real, BASE));
  });
});

describe('k8s/overlays/dev', () => {
  it('renders with the minimal renderer: namespace, dev tags, one replica, in-cluster stores', () => {
    const objects = renderMinimal(DEV);
    checkServices(objects, { namespace: 'teamchat-dev' });
    for (const name of Object.keys(SERVICES)) {
      const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
      assert.equal(d.spec.replicas, 1);
      assert.match(d.spec.template.spec.containers[0].image, /:dev$/);
    }
    for (const s of ['postgres', 'redis']) {
      assert.ok(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === s), `dev ${s}`);
      assert.ok(objects.find((o) => o.kind === 'Service' && o.metadata.name === s), `dev ${s} Service`);
    }
    const cm = objects.find((o) => o.kind === 'ConfigMap');
    assert.equal(cm.data.AUTH_COOKIE_SECURE, 'false');
    // one Secret per service and per Job, each from its committed dev-only file
    const secrets = objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o.generatedFrom]);
    const expected = ['db-admin', 'redis-admin', ...Object.keys(SERVICES)].map((n) => [`teamchat-${n}`, [`secrets/${n}.env`]]);
    assert.deepEqual(secrets.sort(), expected.sort());
    // the Redis ACL ConfigMap comes from the one source and its renderer
    const acl = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'teamchat-redis-acl');
    assert.ok(acl, 'ConfigMap teamchat-redis-acl');
    assert.equal(acl.data['acl.conf'], readFileSync(join(BASE, 'redis/acl.conf'), 'utf8'));
    assert.equal(acl.data['acl.sh'], readFileSync(join(BASE, 'redis/acl.sh'), 'utf8'));
  });

  it('renders with a real kustomize from the repository alone (no local files)', (t) => {
    if (!real) return t.skip('no kustomize >= v4 installed');
    const objects = renderReal(real, DEV);
    checkServices(objects, { namespace: 'teamchat-dev' });
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith('teamchat-auth-service'));
    assert.match(secret.metadata.name, /^teamchat-auth-service-[a-z0-9]{10}$/, 'generated Secret with a content hash');
  });

  it('secrets.env is gitignored and not tracked', () => {
    const ignored = run('git', ['-C', ROOT, 'check-ignore', '-q', 'k8s/overlays/dev/secrets.env']);
    assert.equal(ignored.status, 0, 'k8s/overlays/dev/secrets.env is ignored by git');
    const tracked = run('git', ['-C', ROOT, 'ls-files', 'k8s']);
    assert.doesNotMatch(tracked.stdout, /(^|\/)secrets\.env$/m);
  });
});
