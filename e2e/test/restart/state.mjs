// The hand-over between the two halves of the restart test: what was acknowledged before the restart.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.E2E_RESTART_FILE;

export function saveState(state) {
  if (!file) throw new Error('E2E_RESTART_FILE is not set (run it through ./chat test e2e)');
  writeFileSync(file, JSON.stringify(state, null, 2));
}

export function loadState() {
  if (!file) throw new Error('E2E_RESTART_FILE is not set (run it through ./chat test e2e)');
  return JSON.parse(readFileSync(file, 'utf8'));
}
