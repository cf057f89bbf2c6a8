export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaf values by dotted path; an array is one value, an empty object has none. */
function leaves(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) into.set(prefix, JSON.stringify(value));
  return into;
}

/** Every leaf that was added, removed or changed between two JSON documents, sorted by path. */
export function diffJson(before: unknown, after: unknown, ignore: readonly string[] = []): Change[] {
  const old = leaves(before);
  const now = leaves(after);
  const paths = [...new Set([...old.keys(), ...now.keys()])].filter(
    (path) => !ignore.some((ignored) => path === ignored || path.startsWith(`${ignored}.`)),
  );
  return paths
    .filter((path) => old.get(path) !== now.get(path))
    .sort()
    .map((path) => ({
      path,
      ...(old.has(path) ? { before: JSON.parse(old.get(path)!) } : {}),
      ...(now.has(path) ? { after: JSON.parse(now.get(path)!) } : {}),
    }));
}

/** `~ path: 100 → 200`, `+ path: 5`, `- path: 5`. */
export function formatChange(change: Change): string {
  const show = (value: unknown) => JSON.stringify(value);
  if (!('before' in change)) return `+ ${change.path}: ${show(change.after)}`;
  if (!('after' in change)) return `- ${change.path}: ${show(change.before)}`;
  return `~ ${change.path}: ${show(change.before)} → ${show(change.after)}`;
}
