import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, label: string): void;
  stop(): void;
}

/** A progress bar on stderr for a terminal; periodic plain lines otherwise (CI logs). Silent for tiny jobs. */
export function createProgress(total: number, title: string): Progress {
  if (total < 5) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${title} [{bar}] {value}/{total} {label}`,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(total, 0, { label: '' });
    return {
      update: (done, label) => bar.update(done, { label: label.length > 40 ? `…${label.slice(-39)}` : label }),
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update(done) {
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${title}: ${done}/${total}\n`);
      }
    },
    stop() {},
  };
}
