/** Plain text for a terminal of a given width: its visible width, shortened names, wrapped lines. */

const ANSI_PATTERN = /\u001b\[[0-9;]*m/g;

/** The columns `text` takes on a terminal: ANSI colour codes take none, every code point one (the report writes no wide characters). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI_PATTERN, '')].length;
}

/** `text` in at most `max` columns, its middle replaced by `…`, so that both the start and the end still tell names apart. */
export function truncateMiddle(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/**
 * `text` broken at spaces into lines of at most `width` columns, the lines
 * after the first indented by `indent`; a word longer than a line is cut.
 */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  if (visibleWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  const room = () => width - (lines.length === 0 ? 0 : indent.length);
  const flush = () => {
    lines.push(lines.length === 0 ? line : `${indent}${line}`);
    line = '';
  };
  for (const word of text.split(' ')) {
    let rest = word;
    while (rest.length > 0) {
      const candidate = line ? `${line} ${rest}` : rest;
      if (visibleWidth(candidate) <= room()) {
        line = candidate;
        rest = '';
      } else if (line) {
        flush();
      } else {
        // A word wider than a whole line: cut it.
        const chars = [...rest];
        line = chars.slice(0, room()).join('');
        rest = chars.slice(room()).join('');
        flush();
      }
    }
  }
  if (line) flush();
  return lines;
}

/** `keysPerSplit` -> `keys`, `Per`, `Split`: where a camelCase name may break. */
export function splitWords(name: string): string[] {
  return name.split(/(?<=[a-z0-9])(?=[A-Z])/);
}

/** Words joined into lines of at most `width` columns, without spaces between (a word wider than a line is its own line). */
export function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && visibleWidth(last + word) <= width) lines[lines.length - 1] = last + word;
    else lines.push(word);
  }
  return lines;
}
