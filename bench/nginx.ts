import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { installed } from './installed.js';
import { type ServerProcess, startCommand } from './processes.js';

/** nginx prints its version with `-v`; it has no `--version`. */
export const nginxInstalled = installed('nginx', [0], ['-v']);

export const nginxMissing = 'nginx not installed (Debian package nginx-light)';

interface NginxSite {
  /** Where the configuration, pid file and temporary files go. */
  directory: string;
  port: number;
  upstreamPort: number;
}

/**
 * The issue's "nginx reverse proxy, upstream keep-alive": one worker in the foreground (so the
 * pid the bench samples is the process doing the work), `/bff/app/*` → the stub's `/api/*` over
 * up to 64 kept-alive connections, no access log (like the fastify peer: a plain proxy).
 */
function nginxConfig({ directory, port, upstreamPort }: NginxSite): string {
  const path = (name: string) => join(directory, name);
  return `daemon off;
master_process off;
worker_processes 1;
pid ${path('nginx.pid')};
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${path('body')};
  proxy_temp_path ${path('proxy')};
  fastcgi_temp_path ${path('fastcgi')};
  uwsgi_temp_path ${path('uwsgi')};
  scgi_temp_path ${path('scgi')};
  upstream stub {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location /bff/app/ {
      proxy_pass http://stub/api/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** Starts nginx in front of `upstreamUrl` on a free loopback port; its files go when it stops. */
export async function startNginx(upstreamUrl: string, pinned: boolean): Promise<ServerProcess> {
  const directory = await mkdtemp(join(tmpdir(), 'goalixa-bench-nginx-'));
  const cleanup = () => rm(directory, { recursive: true, force: true });
  const config = join(directory, 'nginx.conf');
  let port: number;
  try {
    port = await freePort();
    await writeFile(
      config,
      nginxConfig({ directory, port, upstreamPort: Number(new URL(upstreamUrl).port) }),
    );
  } catch (error) {
    await cleanup();
    throw error;
  }
  // From here on the process owns the directory: it is removed when nginx exits, or fails to start.
  return startCommand('nginx', ['nginx', '-p', directory, '-c', config, '-e', 'stderr'], port, {
    pinned,
    cleanup,
  });
}
