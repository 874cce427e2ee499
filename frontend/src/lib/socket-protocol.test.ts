import { readFileSync } from 'node:fs';
import { generateProtocolTypes, generatedPath } from '../../scripts/socket-protocol.mjs';

describe('socket protocol types', () => {
  it('are what libs/socket-protocol/socket-protocol.schema.json gives (run `npm run protocol`)', async () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(await generateProtocolTypes());
  });
});
