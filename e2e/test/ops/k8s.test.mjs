// k8s/: the kustomize base and dev overlay, rendered and checked; the Helm chart checked statically.
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
    const secretRef = envFrom.find((e) => e.secretRef)?.secretRef;
    assert.ok(secretRef?.name?.startsWith('teamchat-secrets'), `${name} references the Secret`);
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
    const secret = objects.find((o) => o.kind === 'Secret');
    assert.deepEqual(secret.generatedFrom, ['secrets.env'], 'Secret generated from the gitignored secrets.env');
  });

  it('renders with a real kustomize, given a secrets.env from the example', (t) => {
    if (!real) return t.skip('no kustomize >= v4 installed');
    const tmp = mkdtempSync(join(tmpdir(), 'teamchat-k8s-'));
    try {
      cpSync(join(ROOT, 'k8s'), join(tmp, 'k8s'), { recursive: true });
      cpSync(join(tmp, 'k8s/overlays/dev/secrets.env.example'), join(tmp, 'k8s/overlays/dev/secrets.env'));
      const objects = renderReal(real, join(tmp, 'k8s/overlays/dev'));
      checkServices(objects, { namespace: 'teamchat-dev' });
      const secret = objects.find((o) => o.kind === 'Secret');
      assert.match(secret.metadata.name, /^teamchat-secrets-/, 'generated Secret with a content hash');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('secrets.env is gitignored and not tracked', () => {
    const ignored = run('git', ['-C', ROOT, 'check-ignore', '-q', 'k8s/overlays/dev/secrets.env']);
    assert.equal(ignored.status, 0, 'k8s/overlays/dev/secrets.env is ignored by git');
    const tracked = run('git', ['-C', ROOT, 'ls-files', 'k8s']);
    assert.doesNotMatch(tracked.stdout, /(^|\/)secrets\.env$/m);
  });
});

describe('k8s/helm/teamchat (chart skeleton, checked statically: no helm here)', () => {
  const chartDir = join(ROOT, 'k8s/helm/teamchat');

  it('Chart.yaml is a v2 application chart', () => {
    const chart = readYaml(join(chartDir, 'Chart.yaml'));
    assert.equal(chart.apiVersion, 'v2');
    assert.equal(chart.name, 'teamchat');
    assert.match(chart.version, /^\d+\.\d+\.\d+/);
  });

  it('values.yaml lists the five services on their ports and references an existing Secret', () => {
    const values = readYaml(join(chartDir, 'values.yaml'));
    for (const [name, port] of Object.entries(SERVICES)) {
      assert.equal(values.services?.[name]?.port, port, `${name} port`);
    }
    assert.equal(values.existingSecret, 'teamchat-secrets');
    assert.doesNotMatch(readFileSync(join(chartDir, 'values.yaml'), 'utf8'), /password\s*:/i);
  });

  it('templates: ConfigMap, Deployments and Services with health probes', () => {
    for (const f of ['_helpers.tpl', 'configmap.yaml', 'deployments.yaml', 'services.yaml', 'NOTES.txt']) {
      assert.ok(existsSync(join(chartDir, 'templates', f)), f);
    }
    const dep = readFileSync(join(chartDir, 'templates/deployments.yaml'), 'utf8');
    assert.match(dep, /kind: Deployment/);
    assert.match(dep, /\/q\/health\/ready/);
    assert.match(dep, /\/q\/health\/live/);
    assert.match(dep, /range \$name, \$svc := \.Values\.services/);
    assert.match(readFileSync(join(chartDir, 'templates/services.yaml'), 'utf8'), /kind: Service/);
  });

  it('`helm lint` and `helm template` (when helm is installed)', (t) => {
    if (run('helm', ['version']).status !== 0) return t.skip('helm not installed');
    const lint = run('helm', ['lint', chartDir]);
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    const tpl = run('helm', ['template', 'teamchat', chartDir]);
    assert.equal(tpl.status, 0, tpl.stderr);
  });
});
