import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, readConfigFile, resolveConfig } from './load-config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'rumlink-config-'));

describe('configuration', () => {
  it('fills defaults', () => {
    expect(parseConfig({}, 'x')).toEqual({ applications: [], retentionDays: 7 });
  });

  it.each([
    [
      { applications: [{ id: 'shop', clientToken: 'short' }] },
      /applications\.0\.clientToken: clientToken must be at least 16 characters/,
    ],
    [
      { applications: [{ id: 'a b', clientToken: '0123456789abcdef' }] },
      /applications\.0\.id: must be 1-64 characters/,
    ],
    [
      {
        applications: [
          { id: 'a', clientToken: '0123456789abcdef' },
          { id: 'a', clientToken: 'fedcba9876543210' },
        ],
      },
      /application ids must be unique/,
    ],
    [{ retentionDays: -1 }, /retentionDays: must be 0 \(keep forever\) or more/],
    [{ retentionDays: 1.5 }, /retentionDays/],
    [{ apiKey: 'x' }, /apiKey: apiKey must be at least 16 characters/],
    [{ applicatons: [] }, /Unrecognized key/],
  ])('refuses %j with a message naming the field', (json, message) => {
    expect(() => parseConfig(json, 'rumlink.json')).toThrow(ConfigError);
    expect(() => parseConfig(json, 'rumlink.json')).toThrow(message);
  });

  it('names the file when it is missing or not JSON', () => {
    const folder = dir();
    expect(() => readConfigFile(join(folder, 'nope.json'))).toThrow(/cannot read config file .*nope\.json: ENOENT/);
    writeFileSync(join(folder, 'bad.json'), '{ nope');
    expect(() => readConfigFile(join(folder, 'bad.json'))).toThrow(/bad\.json is not valid JSON/);
  });

  it('creates a development application once per data directory and keeps its token', () => {
    const data = dir();
    const first = resolveConfig(undefined, data);
    expect(first.applications).toEqual([
      { id: 'dev', name: 'Development', clientToken: expect.stringMatching(/^pub[0-9a-f]{32}$/) },
    ]);
    expect(resolveConfig(undefined, data).applications[0]!.clientToken).toBe(first.applications[0]!.clientToken);
    expect(JSON.parse(readFileSync(join(data, 'dev-application.json'), 'utf8')).id).toBe('dev');
  });

  it('uses the configured applications instead of the development one', () => {
    const folder = dir();
    const file = join(folder, 'rumlink.json');
    writeFileSync(file, JSON.stringify({ applications: [{ id: 'shop', clientToken: '0123456789abcdef' }] }));
    expect(resolveConfig(file, folder).applications.map((app) => app.id)).toEqual(['shop']);
  });
});
