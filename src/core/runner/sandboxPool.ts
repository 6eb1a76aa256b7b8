import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { permissionArgs, permissionFlag, type SandboxAccess } from './permissions';
import { killTree } from './processTree';

export type SandboxRole = 'learner' | 'grader';

/**
 * The environment of every sandbox: nothing of the editor's (API keys included), and the same
 * time zone and locale everywhere, so date and number formatting in learner code is repeatable
 * (St John's: a half-hour offset with daylight saving catches code that assumes whole hours).
 */
export function sandboxEnv(): NodeJS.ProcessEnv {
  return { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '', NODE_ENV: 'test', TZ: 'America/St_Johns', LC_ALL: 'en_US.UTF-8' };
}

const ready = new WeakMap<ChildProcess, Promise<boolean>>();

/** Resolves true when the sandbox has loaded its bundle (before any code under test), false when it ended first. */
export function whenReady(child: ChildProcess): Promise<boolean> {
  return ready.get(child) ?? Promise.resolve(true);
}

/**
 * Keeps sandbox processes started ahead of time (one grader, one learner process for the lesson
 * folder last run), so that Run Checks does not wait for Node to boot and load the sandbox
 * bundle. A learner process is used for one run only, and is started for one folder: the
 * permission model fixes what it may read when it starts. A grader runs only a lesson's own
 * checks, so a run may hand it back (keepGrader) for the next run with the same checks: booting
 * Node costs more than a whole prompt run against a fast model.
 */
export class SandboxPool {
  private readonly idle = new Map<SandboxRole, { child: ChildProcess; key: string }>();
  /** The grader a run handed back, for the next run of the same checks only. */
  private kept: { child: ChildProcess; key: string } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private disposed = false;

  constructor(
    private readonly sandboxScript: string,
    private readonly execPath: string = process.execPath,
  ) {}

  /** A started learner process with this heap limit and access: the warm one when it fits, else a new one. */
  take(memoryMb: number, access?: SandboxAccess): ChildProcess {
    return this.takeRole('learner', memoryMb, access);
  }

  /**
   * A started grader (it never loads learner code): the one kept for `reuse` (see keepGrader)
   * when there is one, else a fresh one.
   */
  takeGrader(memoryMb: number, reuse?: string): ChildProcess {
    const kept = this.kept;
    if (reuse !== undefined && kept?.key === key(memoryMb) + reuse && alive(kept.child)) {
      this.kept = undefined;
      setRef(kept.child, true);
      return kept.child;
    }
    return this.takeRole('grader', memoryMb);
  }

  /**
   * Keeps a grader that finished its run, idle, for the next takeGrader with the same `reuse`
   * key: the state its checks left (globals they set) can then reach only the same checks, as it
   * already does between the cases of one run. One is kept: it replaces the one before.
   */
  keepGrader(child: ChildProcess, memoryMb: number, reuse: string): void {
    if (this.kept && this.kept.child !== child) killTree(this.kept.child);
    this.kept = undefined;
    if (this.disposed || !alive(child)) {
      killTree(child);
      return;
    }
    setRef(child, false);
    this.kept = { child, key: key(memoryMb) + reuse };
  }

  /** Starts the next grader, and the next learner process for `access`, in the background. */
  prewarm(memoryMb: number, access?: SandboxAccess): void {
    this.warm('grader', memoryMb);
    // Later, and only if the folder is still there: the verifier deletes a variant's folder
    // right after its run, and a process started for it would never be used.
    if (!access) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (existsSync(access.learnerDir)) this.warm('learner', memoryMb, access);
    }, 50);
    this.timers.add(timer);
  }

  get warmPid(): number | undefined {
    return this.idle.get('learner')?.child.pid;
  }

  get warmGraderPid(): number | undefined {
    return this.idle.get('grader')?.child.pid;
  }

  get keptGraderPid(): number | undefined {
    return this.kept?.child.pid;
  }

  /**
   * A learner process that waits for a debugger before running anything (never the warm one):
   * its stderr says where ("Debugger listening on ws://127.0.0.1:PORT/…"). Without the
   * permission model, which denies the inspector: the learner debugs their own code, on request.
   */
  spawnForDebugging(memoryMb: number): ChildProcess {
    return this.spawn('learner', memoryMb, undefined, ['--inspect-brk=127.0.0.1:0']);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const { child } of this.idle.values()) killTree(child);
    this.idle.clear();
    if (this.kept) killTree(this.kept.child);
    this.kept = undefined;
  }

  private takeRole(role: SandboxRole, memoryMb: number, access?: SandboxAccess): ChildProcess {
    const warm = this.idle.get(role);
    this.idle.delete(role);
    if (warm && warm.key === key(memoryMb, access) && alive(warm.child)) {
      setRef(warm.child, true);
      return warm.child;
    }
    if (warm) killTree(warm.child);
    return this.spawn(role, memoryMb, access);
  }

  private warm(role: SandboxRole, memoryMb: number, access?: SandboxAccess): void {
    if (this.disposed) return;
    const current = this.idle.get(role);
    if (current?.key === key(memoryMb, access) && alive(current.child)) return;
    if (current) killTree(current.child);
    const child = this.spawn(role, memoryMb, access);
    // A waiting sandbox must not keep its parent alive (a CLI, a test run) on its own.
    setRef(child, false);
    child.on('error', () => {
      if (this.idle.get(role)?.child === child) this.idle.delete(role);
    });
    this.idle.set(role, { child, key: key(memoryMb, access) });
  }

  private spawn(role: SandboxRole, memoryMb: number, access?: SandboxAccess, extraArgs: string[] = []): ChildProcess {
    const debugging = extraArgs.some((a) => a.startsWith('--inspect'));
    const flag = debugging ? undefined : permissionFlag(this.execPath);
    const child = fork(this.sandboxScript, [role], {
      execPath: this.execPath,
      execArgv: [`--max-old-space-size=${memoryMb}`, '--stack-size=2048', ...(flag ? permissionArgs(flag, this.sandboxScript, role === 'learner' ? access : undefined) : []), ...extraArgs],
      env: sandboxEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Values the structured clone algorithm keeps (undefined, NaN, Map, Set, Date, BigInt…) survive.
      serialization: 'advanced',
      // Its own process group, so that ending it ends whatever it started (see killTree).
      detached: process.platform !== 'win32',
    });
    ready.set(
      child,
      new Promise((resolve) => {
        child.once('message', () => resolve(true));
        child.once('exit', () => resolve(false));
        child.once('error', () => resolve(false));
      }),
    );
    return child;
  }
}

function key(memoryMb: number, access?: SandboxAccess): string {
  return JSON.stringify([memoryMb, access?.learnerDir ?? null, access?.childProcesses ?? false]);
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

function setRef(child: ChildProcess, on: boolean): void {
  // The channel, and the output pipes a grader drains, would each keep the parent alive too.
  const handles = [child.channel, child.stdout, child.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[];
  if (on) {
    child.ref();
    for (const h of handles) h?.ref?.();
  } else {
    child.unref();
    for (const h of handles) h?.unref?.();
  }
}
