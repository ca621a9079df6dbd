/** A one-line progress display on stderr (rewritten in place on a terminal, plain lines otherwise). */

const tty = process.stderr.isTTY === true;
let last = '';

/** Shows `message` as the current step of `phase`. */
export function progress(phase: string, message: string): void {
  const line = `[${phase}] ${message}`;
  if (line === last) return;
  last = line;
  if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
  else process.stderr.write(`${line}\n`);
}

/** Ends the current progress line so normal output starts on a fresh line. */
export function progressDone(): void {
  if (tty && last) process.stderr.write('\r\x1b[2K');
  last = '';
}
