// Ending a sandbox with everything it started, and reading how much memory it holds.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * Ends the process and every process it started. On POSIX sandboxes are started `detached`
 * (their own process group), so the group's id is the child's pid; on Windows taskkill walks
 * the tree. Safe to call more than once, and after the process has ended (its children may not
 * have).
 */
export function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill('SIGKILL'));
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already (ESRCH).
  }
  child.kill('SIGKILL');
}

/** Resident memory of a process in MB, or undefined where it cannot be read (ended, Windows). */
export async function residentMb(pid: number): Promise<number | undefined> {
  try {
    if (process.platform === 'linux') {
      const kb = /VmRSS:\s*(\d+)\s*kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) / 1024 : undefined;
    }
    if (process.platform === 'darwin') {
      const out = await new Promise<string>((resolve, reject) => execFile('ps', ['-o', 'rss=', '-p', String(pid)], (e, stdout) => (e ? reject(e) : resolve(stdout))));
      const kb = Number(out.trim());
      return Number.isFinite(kb) && kb > 0 ? kb / 1024 : undefined;
    }
  } catch {
    // Ended between two polls.
  }
  return undefined;
}

/**
 * Calls `onOver` once when the process's resident memory grows more than `limitMb` above
 * `baselineMb` (the idle runtime before any code under test ran). Polls every 100 ms: the heap
 * limit (--max-old-space-size) does not cover Buffers and ArrayBuffers, this does.
 */
export function watchMemory(pid: number, baselineMb: number, limitMb: number, onOver: (mb: number) => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void residentMb(pid).then((mb) => {
      busy = false;
      if (mb !== undefined && mb - baselineMb > limitMb) {
        clearInterval(timer);
        onOver(mb);
      }
    });
  }, 100);
  timer.unref();
  return () => clearInterval(timer);
}
