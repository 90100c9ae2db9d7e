// Reads a tmux pane's screen through one control-mode client (`tmux -C attach`), so polling the
// screen every few milliseconds spawns no process: a `tmux capture-pane` per poll cost the 2-core
// machine more CPU than the app being timed, and added it to every start measured.
import { type ChildProcess, spawn } from 'node:child_process';

export class TmuxControl {
  private readonly child: ChildProcess;
  private buffer = '';
  private block: string[] | undefined;
  private readonly waiting: ((lines: string[]) => void)[] = [];

  constructor(socket: string, session: string) {
    this.child = spawn('tmux', ['-S', socket, '-C', 'attach', '-t', session], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => this.read(chunk));
    // The session ended (the app quit): nothing more will answer.
    this.child.on('exit', () => {
      for (const resolve of this.waiting.splice(0)) resolve([]);
    });
    // No %output notifications: the screen is asked for, not streamed.
    this.send('refresh-client -f no-output');
  }

  private send(command: string): Promise<string[]> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin!.write(`${command}\n`);
    });
  }

  /** Lines between `%begin … 1` and `%end`/`%error` answer our commands in order; the rest are notices. */
  private read(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (this.block) {
        if (/^%(end|error) \d+ \d+ 1$/.test(line)) {
          const lines = this.block;
          this.block = undefined;
          this.waiting.shift()?.(lines);
        } else this.block.push(line);
      } else if (/^%begin \d+ \d+ 1$/.test(line)) this.block = [];
      newline = this.buffer.indexOf('\n');
    }
  }

  async screen(target: string): Promise<string> {
    return (await this.send(`capture-pane -p -t ${target}`)).join('\n');
  }

  close(): void {
    this.child.stdin!.end();
    this.child.kill();
  }
}
