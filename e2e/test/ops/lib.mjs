// Helpers for the ops checks: repo paths, YAML loading, and a minimal kustomize renderer used when no
// real one (kubectl kustomize with kustomize >= v4, or a kustomize binary) is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVICES = {
  'gateway-service': 8080,
  'auth-service': 8081,
  'room-service': 8082,
  'message-service': 8083,
  'presence-service': 8084,
};

export function readYaml(path) {
  return parse(readFileSync(path, 'utf8'), { merge: true });
}

export function readYamlDocs(text) {
  return parseAllDocuments(text, { merge: true })
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('; '));
      return d.toJS();
    })
    .filter((d) => d != null);
}

export function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...opts });
}

/** a real kustomize renderer if one is installed: ['kubectl', ['kustomize']] or ['kustomize', ['build']] */
export function realKustomize() {
  const k = run('kustomize', ['version']);
  if (k.status === 0) return { cmd: 'kustomize', args: ['build'], version: k.stdout.trim() };
  const kc = run('kubectl', ['version', '--client', '-o', 'json']);
  if (kc.status === 0) {
    try {
      const v = JSON.parse(kc.stdout).kustomizeVersion ?? '';
      const major = Number((v.match(/^v?(\d+)/) ?? [])[1]);
      // kubectl < 1.21 bundles kustomize v2, which lacks fields the manifests use ("labels", "replicas")
      if (major >= 4) return { cmd: 'kubectl', args: ['kustomize'], version: v };
    } catch {
      // fall through
    }
  }
  return null;
}

export function renderReal(r, dir) {
  const out = run(r.cmd, [...r.args, dir]);
  if (out.status !== 0) throw new Error(`${r.cmd} ${r.args.join(' ')} ${dir} failed: ${out.stderr || out.error}`);
  return readYamlDocs(out.stdout);
}

/**
 * Minimal kustomize: follows `resources` (files and directories with a kustomization.yaml), applies
 * `namespace`, `images` (newName/newTag), `replicas`, and turns configMapGenerator/secretGenerator into
 * objects (merge behaviour for ConfigMaps, no name hashes, secret values never read). Enough to check the
 * shape of what `kubectl apply -k` would create; it is not a replacement for a real renderer.
 */
export function renderMinimal(dir) {
  const kfile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((f) => join(dir, f))
    .find((f) => existsSync(f));
  if (!kfile) throw new Error(`no kustomization in ${dir}`);
  const k = readYaml(kfile) ?? {};
  let objects = [];
  for (const res of k.resources ?? []) {
    const p = join(dir, res);
    if (!existsSync(p)) throw new Error(`${kfile}: resource ${res} does not exist`);
    if (statSync(p).isDirectory()) objects.push(...renderMinimal(p));
    else objects.push(...readYamlDocs(readFileSync(p, 'utf8')));
  }
  // a Component (kind: Component) is rendered like a resource directory
  for (const comp of k.components ?? []) objects.push(...renderMinimal(join(dir, comp)));
  for (const g of k.configMapGenerator ?? []) {
    const data = {};
    for (const lit of g.literals ?? []) {
      const i = lit.indexOf('=');
      data[lit.slice(0, i)] = lit.slice(i + 1);
    }
    for (const file of g.files ?? []) {
      const i = file.indexOf('=');
      const path = i < 0 ? file : file.slice(i + 1);
      data[i < 0 ? basename(path) : file.slice(0, i)] = readFileSync(join(dir, path), 'utf8');
    }
    const existing = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === g.name);
    if (g.behavior === 'merge' || g.behavior === 'replace') {
      if (!existing) throw new Error(`${kfile}: configMapGenerator ${g.name} ${g.behavior}s a missing ConfigMap`);
      existing.data = g.behavior === 'merge' ? { ...existing.data, ...data } : data;
    } else {
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data });
    }
  }
  for (const g of k.secretGenerator ?? []) {
    // the env files are gitignored and may be absent: record where values would come from, never the values
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: g.name }, generatedFrom: g.envs ?? g.files ?? [] });
  }
  if (k.namespace) {
    objects = objects.map((o) =>
      o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } },
    );
  }
  for (const img of k.images ?? []) {
    for (const o of objects) {
      for (const c of o.spec?.template?.spec?.containers ?? []) {
        const [name] = c.image.split(':');
        if (name === img.name) c.image = `${img.newName ?? name}:${img.newTag ?? c.image.split(':')[1] ?? 'latest'}`;
      }
    }
  }
  for (const r of k.replicas ?? []) {
    const d = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === r.name);
    if (!d) throw new Error(`${kfile}: replicas for missing Deployment ${r.name}`);
    d.spec.replicas = r.count;
  }
  return objects;
}
