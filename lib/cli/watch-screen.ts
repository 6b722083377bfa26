import type { Palette } from './ansi.js';
import type { ContactBoard, NoteChange, PresenceChange } from './contact-board.js';
import { Screen, type TerminalStream } from './screen.js';
import type { Scrub } from './secret-redactor.js';
import { statusLines } from './status-format.js';
import type { StatusTracker, StatusView } from './status-tracker.js';
import { tableLines } from './table-format.js';
import type { WatchOutput } from './watch-output.js';

/** Frames are drawn at most this often, ms: bursts of changes become one redraw. */
const FRAME_MS = 40;
/** Messages kept at the bottom of the screen. */
const MESSAGES = 3;

/**
 * `watch` on a terminal: a title, the status lines and the contact table, redrawn in place
 * (see {@link Screen}) when something changes and every second for the clocks.
 */
export class WatchScreen implements WatchOutput {
  private readonly screen: Screen;
  private readonly messages: string[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly ticker: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    stream: TerminalStream,
    private readonly board: ContactBoard,
    private readonly tracker: StatusTracker,
    private readonly title: string,
    private readonly paint: Palette,
    /** Removes secrets from what the status lines quote (rows arrive scrubbed). */
    private readonly scrub: Scrub,
    private readonly err: (line: string) => void,
  ) {
    this.screen = new Screen(stream, () => this.draw());
    this.screen.open();
    this.ticker = setInterval(() => this.draw(), 1000);
    this.draw();
  }

  rosterChanged(): void {
    this.schedule();
  }

  presenceChanged(_change: PresenceChange): void {
    this.schedule();
  }

  noteChanged(_change: NoteChange): void {
    this.schedule();
  }

  statusChanged(): void {
    this.schedule();
  }

  message(line: string): void {
    this.messages.push(line);
    if (this.messages.length > MESSAGES) this.messages.shift();
    this.schedule();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.ticker);
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    this.screen.close();
  }

  finished(view: StatusView): void {
    const { events } = view.counters;
    this.err(`ucwa-rx watch: stopped after ${events} events and ${view.renewals} renewals; subscriptions and application deleted on the server`);
  }

  /** Nothing more on the screen: the failure is the command's one line on stderr. */
  failed(): void {}

  private schedule(): void {
    if (this.closed) return;
    this.pending ??= setTimeout(() => this.draw(), FRAME_MS);
  }

  private draw(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    const { width, height } = this.screen;
    const { paint } = this;
    const head = [`${paint.bold('ucwa-rx watch')}  ${this.title}  ${paint.dim('Ctrl+C to quit')}`, ...statusLines(this.tracker.view(), paint, this.scrub), ''];
    const foot = this.messages.length > 0 ? ['', ...this.messages.map((m) => paint.dim(m))] : [];
    const room = Math.max(2, height - head.length - foot.length);
    // The screen keeps the last column free (see Screen.draw).
    const table = tableLines(this.board.rows(), this.board.pinnedGroupName, { width: width - 1, height: room, now: new Date(), paint });
    this.screen.draw([...head, ...table, ...foot]);
  }
}
