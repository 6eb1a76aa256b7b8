// Node's permission model for sandbox processes: where the runtime has it, a sandbox reads only
// its own bundle and the lesson folder, writes only the lesson folder, and starts no process
// unless the lesson says it must. Where it does not (an older Node, an Electron build without
// it), sandboxes run as before: a separate process with a clean environment and the limits.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** What a learner process may reach besides its bundle; nothing for a grader. */
export interface SandboxAccess {
  learnerDir: string;
  /** The lesson's `limits.childProcesses`. */
  childProcesses?: boolean;
}

type Flag = '--permission' | '--experimental-permission';
const probed = new Map<string, Flag | null>();

/** The flag that turns the permission model on in this runtime, or undefined when it has none. */
export function permissionFlag(execPath: string): Flag | undefined {
  if (!probed.has(execPath)) probed.set(execPath, execPath === process.execPath && !process.versions.electron ? fromVersion(process.versions.node) : probe(execPath));
  return probed.get(execPath) ?? undefined;
}

/** Node 20 and 21: experimental; stable (`--permission`) from 22.13 and 23.5. */
function fromVersion(version: string): Flag | null {
  const [major, minor] = version.split('.').map(Number);
  if (major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13)) return '--permission';
  return major >= 20 ? '--experimental-permission' : null;
}

/** Another runtime (Electron as Node): ask it, once. */
function probe(execPath: string): Flag | null {
  for (const flag of ['--permission', '--experimental-permission'] as const) {
    const r = spawnSync(execPath, [flag, '--allow-fs-read=*', '-e', 'process.exit(process.permission && !process.permission.has("child") ? 0 : 3)'], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'ignore',
      timeout: 15_000,
    });
    if (r.status === 0) return flag;
  }
  return null;
}

/**
 * Node flags for a sandbox: the bundle's folder (dist/, with the vendored zod) is readable; a
 * learner process also reads and writes its lesson folder and reads where its node_modules
 * really is (the verifier links a shared install in).
 */
export function permissionArgs(flag: Flag, sandboxScript: string, access?: SandboxAccess): string[] {
  const reads = new Set([path.dirname(path.resolve(sandboxScript))]);
  const writes = new Set<string>();
  if (access) {
    for (const dir of [access.learnerDir, real(access.learnerDir)]) {
      reads.add(dir);
      writes.add(dir);
    }
    const modules = path.join(access.learnerDir, 'node_modules');
    if (existsSync(modules)) reads.add(real(modules));
  }
  return [flag, ...[...reads].map((p) => `--allow-fs-read=${p}`), ...[...writes].map((p) => `--allow-fs-write=${p}`), ...(access?.childProcesses ? ['--allow-child-process'] : [])];
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
