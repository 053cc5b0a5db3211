/** Counts records rejected one by one and phrases OTLP's partial-success `error_message` for them. */
export class RejectionTally {
  count = 0;
  private readonly byReason = new Map<string, number>();
  private readonly singular: string;
  private readonly plural: string;

  constructor(singular: string, plural: string) {
    this.singular = singular;
    this.plural = plural;
  }

  add(reason: string): void {
    this.count++;
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }

  /** E.g. `2 spans rejected: invalid trace_id (…)`; with several reasons each gets its own count. */
  message(): string {
    if (this.count === 0) return '';
    const head = `${this.count} ${this.count === 1 ? this.singular : this.plural} rejected: `;
    if (this.byReason.size === 1) return head + [...this.byReason.keys()].join('');
    return head + [...this.byReason].map(([reason, count]) => `${count} with ${reason}`).join('; ');
  }
}
