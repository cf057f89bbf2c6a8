const ticks = '▁▂▃▄▅▆▇█';

/** The last `width` values as block characters scaled to the largest of them; all zero is a flat line. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-Math.max(0, width));
  const max = Math.max(0, ...shown);
  return shown
    .map(
      (value) =>
        ticks[max === 0 ? 0 : Math.min(ticks.length - 1, Math.round((value / max) * (ticks.length - 1)))],
    )
    .join('');
}
