/** Progress of a sweep on stderr: one rewritten line on a terminal, plain lines otherwise, nothing with --quiet. */
export interface Progress {
  info(line: string): void;
  sample(state: { variant: string; phase: 'warm-up' | 'round'; index: number; of: number; done: number; total: number; lastS: number }): void;
  done(): void;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function createProgress(mode: 'tty' | 'lines' | 'quiet', stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  let open = false;
  const eta = (done: number, total: number) => ((performance.now() - started) / 1000 / Math.max(done, 1)) * (total - done);
  return {
    info: (line) => {
      if (mode === 'quiet') return;
      if (open) stream.write('\n');
      open = false;
      stream.write(`${line}\n`);
    },
    sample: (s) => {
      if (mode === 'quiet') return;
      const text = `${s.phase} ${s.index}/${s.of}  ${s.variant}  ${s.lastS.toFixed(3)} s  [${s.done}/${s.total}, ETA ${formatEta(eta(s.done, s.total))}]`;
      if (mode === 'tty') {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    done: () => {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
