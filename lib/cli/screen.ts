import { TERM, clip } from './ansi.js';

/** The terminal a {@link Screen} draws on: a TTY write stream, or a stand-in in tests. */
export interface TerminalStream {
  write(chunk: string): boolean;
  readonly columns?: number | undefined;
  readonly rows?: number | undefined;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

const SYNC_BEGIN = '\x1b[?2026h'; // synchronized output: terminals that know it show the frame at once
const SYNC_END = '\x1b[?2026l';

/**
 * Draws whole frames in place on a terminal's alternate screen: each frame is compared with
 * the one before and only the lines that changed are rewritten (cursor moved to the line, the
 * line written, the rest of it erased), in a single write, so nothing flickers or scrolls.
 * After a resize the next frame is written in full at the new size. `close()` restores the
 * normal screen and the cursor; so does process exit if `close()` was never reached.
 */
export class Screen {
  private previous: string[] = [];
  private drawnSize = '';
  private opened = false;
  private readonly restoreOnExit = (): void => this.close();

  constructor(
    private readonly stream: TerminalStream,
    private readonly onResize: () => void,
  ) {}

  /** Columns available (at least 20). */
  get width(): number {
    return Math.max(20, this.stream.columns ?? 80);
  }

  /** Lines available (at least 5). */
  get height(): number {
    return Math.max(5, this.stream.rows ?? 24);
  }

  /** Switches to the alternate screen and hides the cursor. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.stream.write(TERM.altScreenOn + TERM.hideCursor + TERM.clearScreen + TERM.moveTo(1));
    this.stream.on('resize', this.onResize);
    process.on('exit', this.restoreOnExit);
  }

  /** Shows `lines` (cut to the screen's size). */
  draw(lines: readonly string[]): void {
    if (!this.opened) return;
    // One column spare: a line that fills the last column would leave the cursor in the wrap state.
    const width = this.width - 1;
    const frame = lines.slice(0, this.height).map((line) => clip(line, width));
    const size = `${this.width}x${this.height}`;
    const full = size !== this.drawnSize;
    let out = '';
    frame.forEach((line, index) => {
      if (full || line !== this.previous[index]) out += TERM.moveTo(index + 1) + line + TERM.eraseLine;
    });
    if ((full || frame.length < this.previous.length) && frame.length < this.height) out += TERM.moveTo(frame.length + 1) + TERM.eraseBelow;
    this.previous = frame;
    this.drawnSize = size;
    if (out) this.stream.write(SYNC_BEGIN + out + SYNC_END);
  }

  /** Leaves the alternate screen and shows the cursor again. */
  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.stream.off('resize', this.onResize);
    process.off('exit', this.restoreOnExit);
    this.stream.write(TERM.showCursor + TERM.altScreenOff);
  }
}
