import { describe, expect, it } from 'vitest';
import { parseWrkOutput } from './wrk.js';

const clean = `Running 1s test @ http://127.0.0.1:39039/bff/app/tasks
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.87ms    1.73ms  21.12ms   91.53%
    Req/Sec    25.96k    15.60k   44.21k    63.64%
  Latency Distribution
     50%  266.00us
     75%  575.00us
     90%    2.24ms
     99%    7.96ms
  28379 requests in 1.10s, 64.14MB read
Requests/sec:  25802.66
Transfer/sec:     58.32MB
`;

const failing = `Running 5s test @ http://127.0.0.1:8000/bff/app/tasks
  Latency Distribution
     50%    1.02ms
     75%    1.50ms
     90%    2.00ms
     99%    1.20s
  5000 requests in 5.00s, 1.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 40
Requests/sec:   1000.00
`;

describe('parseWrkOutput', () => {
  it('reads responses, duration and the p50/p99 in milliseconds whatever unit wrk chose', () => {
    expect(parseWrkOutput(clean)).toEqual({
      responses: 28379,
      failures: 0,
      failureKinds: {},
      seconds: 1.1,
      p50Ms: 0.266,
      p99Ms: 7.96,
    });
  });

  it('counts non-2xx answers and socket errors as failures, and only 2xx as responses', () => {
    expect(parseWrkOutput(failing)).toMatchObject({
      responses: 4960,
      failures: 45,
      failureKinds: { 'non-2xx': 40, error: 5 },
      p50Ms: 1.02,
      p99Ms: 1200,
    });
  });

  it('refuses output without a summary instead of reporting zeros', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(
      'wrk printed no summary',
    );
  });
});
