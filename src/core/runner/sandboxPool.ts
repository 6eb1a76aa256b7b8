import { fork, type ChildProcess } from 'node:child_process';

/**
 * Keeps one sandbox process started ahead of time, so that Run Checks does not wait for Node to
 * boot and load the sandbox bundle (most of a run's time). A process is used for one run only.
 */
export class SandboxPool {
  private idle: { child: ChildProcess; memoryMb: number } | undefined;

  constructor(
    private readonly sandboxScript: string,
    private readonly execPath: string = process.execPath,
  ) {}

  /** A started sandbox with this heap limit: the warm one when it fits, else a new one. */
  take(memoryMb: number): ChildProcess {
    const warm = this.idle;
    this.idle = undefined;
    if (warm && warm.memoryMb === memoryMb && warm.child.exitCode === null && warm.child.signalCode === null && warm.child.connected) {
      setRef(warm.child, true);
      return warm.child;
    }
    warm?.child.kill('SIGKILL');
    return this.spawn(memoryMb);
  }

  /** Starts the next sandbox in the background. */
  prewarm(memoryMb: number): void {
    if (this.idle?.memoryMb === memoryMb && this.idle.child.exitCode === null) return;
    this.idle?.child.kill('SIGKILL');
    const child = this.spawn(memoryMb);
    // A waiting sandbox must not keep its parent alive (a CLI, a test run) on its own.
    setRef(child, false);
    child.on('error', () => {
      if (this.idle?.child === child) this.idle = undefined;
    });
    this.idle = { child, memoryMb };
  }

  get warmPid(): number | undefined {
    return this.idle?.child.pid;
  }

  /**
   * A sandbox that waits for a debugger before running anything (never the warm one): its
   * stderr says where ("Debugger listening on ws://127.0.0.1:PORT/…").
   */
  spawnForDebugging(memoryMb: number): ChildProcess {
    return this.spawn(memoryMb, ['--inspect-brk=127.0.0.1:0']);
  }

  private spawn(memoryMb: number, extraArgs: string[] = []): ChildProcess {
    return fork(this.sandboxScript, [], {
      execPath: this.execPath,
      execArgv: [`--max-old-space-size=${memoryMb}`, '--stack-size=2048', ...extraArgs],
      // A clean environment: nothing of the editor's (API keys included) reaches learner code.
      env: { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
  }

  dispose(): void {
    this.idle?.child.kill('SIGKILL');
    this.idle = undefined;
  }
}

function setRef(child: ChildProcess, on: boolean): void {
  const channel = child.channel as { ref?(): void; unref?(): void } | undefined;
  if (on) {
    child.ref();
    channel?.ref?.();
  } else {
    child.unref();
    channel?.unref?.();
  }
}
