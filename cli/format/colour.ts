/** ANSI colour per state word; states not listed (CLOSED, UNKNOWN) stay plain. */
const stateColours: Record<string, string> = {
  OPEN: '\u001b[31m',
  HALF_OPEN: '\u001b[33m',
  MIXED: '\u001b[35m',
};
const reset = '\u001b[39m';

/** Colours are for people: only when stdout is a terminal and NO_COLOR is not set. */
export const colourEnabled = (stream: NodeJS.WriteStream = process.stdout): boolean =>
  Boolean(stream.isTTY) && !process.env.NO_COLOR;

export function paintState(text: string, state: string, enabled: boolean): string {
  const colour = stateColours[state];
  return enabled && colour ? `${colour}${text}${reset}` : text;
}
