// Guards installed in a sandbox process before any code it did not write runs (learner code, or
// a pack's `javascript` checks). They are not the sandbox's walls (the separate process, the
// permission model and the parent's limits are); they turn common mistakes and the cheapest
// attacks into clear errors.

type Kill = (pid: number, signal: string | number) => unknown;

/**
 * `process.kill` may signal this process (and its own group) only: learner code that kills its
 * parent would end the editor's extension host or `ai-dojo verify` with no report. Both entry
 * points are replaced (`process.kill` calls `process._kill`, the raw binding). Under the
 * permission model nothing else can send a signal (child processes, `process.binding`, workers,
 * the inspector and native addons are denied); without it a child process still could (see
 * the README's security section).
 */
export function guardSignals(): (signal: string) => void {
  const proc = process as unknown as { _kill: Kill; kill: Kill };
  const rawKill = proc._kill.bind(process);
  const kill = proc.kill.bind(process);
  const own = (pid: unknown) => {
    const n = Number(pid);
    return n === process.pid || n === -process.pid || n === 0;
  };
  const check = (pid: unknown) => {
    if (!own(pid)) throw new Error(`process.kill(${String(pid)}) is not allowed here: code under test may signal only its own process.`);
  };
  proc._kill = (pid, signal) => (check(pid), rawKill(pid, signal));
  proc.kill = (pid, signal) => (check(pid), kill(pid, signal));
  // For the sandbox itself: end this process and everything it started (its process group).
  return (signal) => {
    try {
      kill(0, signal);
    } catch {
      kill(process.pid, signal);
    }
  };
}

/** process.exit in learner code would end the run without results; make it an error instead. */
export function guardExit(): void {
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code ?? ''}) was called: return a value instead of exiting.`);
  }) as typeof process.exit;
}

/** A thrown value as plain data; a value that throws when read still gives a message. */
export function errorInfo(e: unknown): { message: string; name?: string } {
  try {
    if (e instanceof Error) return { message: String(e.message).slice(0, 10_000), name: String(e.name) };
    return { message: String(e).slice(0, 10_000) };
  } catch {
    return { message: 'a value that could not be read' };
  }
}
