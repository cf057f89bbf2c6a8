/**
 * The browser script of `/docs`: fetches `openapi.json` (relative, so it also works behind the
 * ingress that strips `/bff`) and renders operations grouped by tag. Plain ES2020, no library;
 * every text goes through `textContent`, never `innerHTML`.
 */
export const docsScript = `(async () => {
  const root = document.getElementById('operations');
  const filter = document.getElementById('filter');
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  let doc;
  try {
    const response = await fetch('openapi.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    doc = await response.json();
  } catch (error) {
    root.replaceChildren(el('p', 'failure', 'Could not load openapi.json: ' + error.message));
    return;
  }
  document.title = doc.info.title + ' ' + doc.info.version;
  document.getElementById('title').textContent = document.title;
  document.getElementById('description').textContent = doc.info.description;
  const resolve = (node) =>
    node && node.$ref ? node.$ref.slice(2).split('/').reduce((at, key) => at[key], doc) : node;
  const schemaText = (content) => {
    const media = content && Object.keys(content)[0];
    return media ? media + ' ' + JSON.stringify(content[media].schema, null, 2) : '';
  };
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags[0];
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({ path, method, op });
    }
  }
  const descriptions = new Map(doc.tags.map((tag) => [tag.name, tag.description]));
  const operation = ({ path, method, op }) => {
    const details = el('details', 'op');
    const summary = el('summary');
    summary.append(el('span', 'badge ' + method, method.toUpperCase()), el('code', 'path', path));
    if (op.security.length > 0) summary.append(el('span', 'lock', 'sign-in'));
    summary.append(el('span', 'summary', op.summary));
    details.append(summary);
    if (op.parameters) {
      const list = el('ul', 'params');
      for (const p of op.parameters)
        list.append(el('li', '', p.name + ' (' + p.in + ', ' + p.schema.type + ' >= ' + p.schema.minimum + ')'));
      details.append(el('h4', '', 'Path parameters'), list);
    }
    if (op.requestBody) {
      details.append(el('h4', '', 'Request body' + (op.requestBody.required ? '' : ' (optional)')));
      details.append(el('pre', '', schemaText(op.requestBody.content)));
    }
    const responses = el('table', 'responses');
    for (const [status, ref] of Object.entries(op.responses)) {
      const response = resolve(ref);
      const row = el('tr');
      row.append(el('td', 'status s' + status[0], status), el('td', '', response.description));
      responses.append(row);
    }
    details.append(el('h4', '', 'Responses'), responses);
    return details;
  };
  const render = () => {
    const needle = filter.value.trim().toLowerCase();
    const sections = [];
    for (const [tag, entries] of groups) {
      const shown = entries.filter((e) => (e.method + ' ' + e.path + ' ' + e.op.summary).toLowerCase().includes(needle));
      if (shown.length === 0) continue;
      const section = el('section');
      section.append(el('h2', '', tag), el('p', 'muted', descriptions.get(tag) || ''));
      for (const entry of shown) section.append(operation(entry));
      sections.push(section);
    }
    root.replaceChildren(...sections);
  };
  const schemes = document.getElementById('security');
  for (const [name, scheme] of Object.entries(doc.components.securitySchemes))
    schemes.append(el('li', '', name + ': ' + (scheme.in ? scheme.in + ' ' + scheme.name : scheme.scheme + ' ' + scheme.bearerFormat)));
  const envelope = doc.components.schemas.ErrorEnvelope;
  document.getElementById('codes').textContent = envelope.properties.error.enum.join(', ');
  filter.addEventListener('input', render);
  render();
})();`;
