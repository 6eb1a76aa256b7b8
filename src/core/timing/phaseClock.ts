// Where a piece of work spends its time, phase by phase: Run Checks in the editor logs it at
// debug level, and the benchmark prints it beside the core runner's own time.

export interface Phase {
  name: string;
  ms: number;
}

export class PhaseClock {
  private readonly phases: Phase[] = [];
  private last: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.last = now();
  }

  /** Ends the current phase under `name`: the time since the previous mark (or the start). */
  mark(name: string): void {
    const t = this.now();
    this.phases.push({ name, ms: t - this.last });
    this.last = t;
  }

  get entries(): readonly Phase[] {
    return this.phases;
  }

  get totalMs(): number {
    return this.phases.reduce((s, p) => s + p.ms, 0);
  }

  /** "files 1.2 ms · save 0.1 ms · checks 41.0 ms (total 42.3 ms)". */
  toString(): string {
    return `${this.phases.map((p) => `${p.name} ${p.ms.toFixed(1)} ms`).join(' · ')} (total ${this.totalMs.toFixed(1)} ms)`;
  }
}
