import { describe, expect, it } from 'vitest';
import { parseCliOptions, UsageError } from './cli-options.js';

describe('rumlink CLI options', () => {
  it('defaults to serve on loopback with the OTLP/HTTP intake port', () => {
    expect(parseCliOptions([])).toMatchObject({
      command: 'serve',
      dataDir: './rumlink-data',
      host: '127.0.0.1',
      port: 4320,
      intakeHost: '127.0.0.1',
      intakePort: 4318,
    });
  });

  it('reads every flag', () => {
    expect(
      parseCliOptions([
        'serve',
        '--data',
        '/d',
        '--host',
        '::1',
        '--port',
        '0',
        '--intake-host',
        '0.0.0.0',
        '--intake-port',
        '9999',
        '--config',
        'c.json',
      ]),
    ).toMatchObject({
      dataDir: '/d',
      host: '::1',
      port: 0,
      intakeHost: '0.0.0.0',
      intakePort: 9999,
      configPath: 'c.json',
    });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /--port must be a port number/],
    [['--port', '70000'], /--port must be a port number/],
    [['start'], /unknown command "start"/],
    [['serve', 'extra'], /unexpected argument "extra"/],
    [['--data'], /--data/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });

  it('help and version', () => {
    expect(parseCliOptions(['--help']).command).toBe('help');
    expect(parseCliOptions(['serve', '-h']).command).toBe('help');
    expect(parseCliOptions(['-v']).command).toBe('version');
  });
});
