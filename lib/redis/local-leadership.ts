/**
 * Whether each fleet client of this process leads, by holder name. The registry in Redis says the
 * same for every fleet client, but only as of its last heartbeat; for the fleet clients of this
 * process, balancing reads this instead, so that a lease taken or handed over a moment ago counts
 * at once (a replica that just took a free lease does not take the next one as if it had not).
 */
const leadingByHolder = new Map<string, boolean>();

/** The process's own record of its fleet clients' leadership. */
export const localLeadership = {
  /** Records whether `holder` leads now. */
  set(holder: string, leading: boolean): void {
    leadingByHolder.set(holder, leading);
  },
  /** Whether `holder` leads, if it is a fleet client of this process. */
  get(holder: string): boolean | undefined {
    return leadingByHolder.get(holder);
  },
  /** Forgets a fleet client that closed. */
  delete(holder: string): void {
    leadingByHolder.delete(holder);
  },
};
