export interface Cell {
  text: string;
  /** Applied after padding, so escape codes never throw the columns out of line. */
  paint?: (padded: string) => string;
}

export type Row = (Cell | string)[];

const cellOf = (value: Cell | string): Cell => (typeof value === 'string' ? { text: value } : value);

/** A kubectl-style table: upper-case headers, columns padded to the widest cell, three spaces apart. */
export function renderTable(headers: readonly string[], rows: readonly Row[]): string {
  const cells = rows.map((row) => row.map(cellOf));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => row[column]?.text.length ?? 0)),
  );
  const line = (row: readonly Cell[]) =>
    row
      .map((cell, column) => {
        const padded = column === row.length - 1 ? cell.text : cell.text.padEnd(widths[column]);
        return cell.paint ? cell.paint(padded) : padded;
      })
      .join('   ')
      .trimEnd();
  return [line(headers.map((text) => ({ text: text.toUpperCase() }))), ...cells.map(line)].join('\n');
}
