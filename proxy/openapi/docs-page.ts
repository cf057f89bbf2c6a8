import { createHash } from 'node:crypto';
import { docsScript } from './docs-script.js';

const style = `
  :root { font-family: system-ui, sans-serif; color: #1f2328; background: #fafbfc; }
  body { max-width: 70rem; margin: 0 auto; padding: 1.5rem; }
  h1 { margin-bottom: 0.25rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
  .muted, .summary { color: #57606a; }
  #filter { width: 100%; padding: 0.5rem; font-size: 1rem; margin: 1rem 0; box-sizing: border-box; }
  details.op { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: 0.4rem 0; }
  details.op > summary { cursor: pointer; padding: 0.5rem; display: flex; gap: 0.75rem; align-items: center; }
  details.op[open] { padding-bottom: 0.5rem; } details.op > :not(summary) { margin-left: 1rem; margin-right: 1rem; }
  .badge { font: bold 0.75rem monospace; color: #fff; padding: 0.2rem 0.5rem; border-radius: 4px; min-width: 3.5rem; text-align: center; }
  .get { background: #1f6feb; } .post { background: #1a7f37; } .put { background: #9a6700; }
  .patch { background: #8250df; } .delete { background: #cf222e; }
  .path { font-size: 0.95rem; } .lock { font-size: 0.75rem; border: 1px solid #9a6700; color: #9a6700; border-radius: 4px; padding: 0 0.3rem; }
  pre { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; font-size: 0.8rem; }
  table.responses td { padding: 0.15rem 0.75rem 0.15rem 0; vertical-align: top; }
  .status { font-family: monospace; font-weight: bold; } .s2 { color: #1a7f37; } .s4 { color: #9a6700; } .s5 { color: #cf222e; }
  .failure { color: #cf222e; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export interface DocsPage {
  html: string;
  /** Admits exactly the inline script and style of this page, and fetches to this origin. */
  contentSecurityPolicy: string;
}

/** The `/docs` page: one HTML file with its CSS and JS inline, so it renders with no network but the gateway. */
export function buildDocsPage(): DocsPage {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Goalixa BFF API</title>
<style>${style}</style>
</head>
<body>
<h1 id="title">Goalixa BFF API</h1>
<p id="description" class="muted"></p>
<p>Security schemes (either one signs a request in):</p>
<ul id="security"></ul>
<p>Error codes: <code id="codes"></code></p>
<input id="filter" type="search" placeholder="Filter by method, path or summary" aria-label="Filter operations">
<main id="operations"><p class="muted">Loading openapi.json…</p></main>
<script>${docsScript}</script>
</body>
</html>
`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${sha256(docsScript)}`,
    `style-src ${sha256(style)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
