import { h2loadInstalled, runH2load } from './h2load.js';
import type { HttpTarget, LoadShape } from './http1.js';
import { runHttp2 } from './http2.js';
import type { LoadResult } from './latencies.js';

/** h2c load by h2load where installed, else by node's own client; both take a duration or a count. */
export const runH2c: (target: HttpTarget, shape: LoadShape) => Promise<LoadResult> = h2loadInstalled
  ? runH2load
  : runHttp2;
