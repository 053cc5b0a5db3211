import { describe, expect, it } from 'vitest';
import { parseStartOptions } from './start-options.js';

describe('npm start options', () => {
  it('defaults to the documented ports and ./rumlink-data', () => {
    const options = parseStartOptions([], {});
    expect(Object.fromEntries(Object.entries(options.ports).map(([name, setting]) => [name, setting.port]))).toEqual({
      web: 3000,
      api: 3001,
      auth: 3002,
      thirdParty: 3003,
      queue: 3004,
      intake: 4318,
      ui: 4320,
    });
    expect(options).toMatchObject({ dataDir: './rumlink-data', sqsQueueUrl: undefined, help: false });
  });

  it('takes flags over environment variables', () => {
    const options = parseStartOptions(['--web-port', '8080', '--data', '/tmp/d'], {
      SHOP_WEB_PORT: '9090',
      SHOP_API_PORT: '0',
      RUMLINK_DATA_DIR: '/tmp/e',
    });
    expect([options.ports.web.port, options.ports.api.port, options.dataDir]).toEqual([8080, 0, '/tmp/d']);
  });

  it.each([
    [['--web-port', 'abc'], {}, '--web-port must be a port number from 0 to 65535 (0: any free port), got "abc"'],
    [
      [],
      { SHOP_API_PORT: '70000' },
      'SHOP_API_PORT must be a port number from 0 to 65535 (0: any free port), got "70000"',
    ],
    [['--colour'], {}, /Unknown option '--colour'.*see npm start -- --help/],
    [['--data', ''], {}, '--data needs a directory'],
    [['--api-port', '3000'], {}, /web front end and the api are both given port 3000/],
    [[], { SQS_QUEUE_URL: 'orders' }, /SQS_QUEUE_URL must be an http\(s\) URL/],
  ])('refuses %j %j with a message naming the problem', (argv, env, message) => {
    expect(() => parseStartOptions(argv, env)).toThrow(message);
  });
});
