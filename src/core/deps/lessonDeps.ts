// npm packages a lesson declares (name -> exact version): what is missing from a folder, and
// installing them there with the user's npm, so learner code imports them as in any project.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export type Dependencies = Record<string, string>;

export interface MissingDependency {
  name: string;
  version: string;
  /** The version found instead, when another one is installed. */
  installed?: string;
}

/** Which of `deps` are not installed at exactly their version in `dir/node_modules`. */
export async function missingDependencies(dir: string, deps: Dependencies): Promise<MissingDependency[]> {
  const out: MissingDependency[] = [];
  for (const [name, version] of Object.entries(deps)) {
    let installed: string | undefined;
    try {
      installed = (JSON.parse(await fs.readFile(path.join(dir, 'node_modules', ...name.split('/'), 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      installed = undefined;
    }
    if (installed !== version) out.push({ name, version, ...(installed ? { installed } : {}) });
  }
  return out;
}

/** `name@version`, as npm writes it. */
export function dependencyLabel(m: { name: string; version: string }): string {
  return `${m.name}@${m.version}`;
}

export function describeMissing(missing: MissingDependency[]): string {
  return missing.map((m) => `${dependencyLabel(m)}${m.installed ? ` (found ${m.installed})` : ''}`).join(', ');
}

/**
 * Writes (or updates) the folder's package.json so `npm install` installs exactly `deps`: a
 * learner's own extra dependencies and other fields are kept.
 */
export async function writePackageJson(dir: string, deps: Dependencies, name: string): Promise<void> {
  const file = path.join(dir, 'package.json');
  let pkg: Record<string, unknown> = { name: name.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'ai-dojo-lesson', private: true };
  try {
    pkg = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // No package.json yet (or not JSON, which npm would reject too): start a fresh one.
  }
  pkg.dependencies = { ...((pkg.dependencies as Dependencies | undefined) ?? {}), ...deps };
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, JSON.stringify(pkg, null, 2) + '\n');
}

/** The npm arguments that install a folder's package.json: no install scripts (lesson code runs sandboxed; npm scripts would not). */
export const NPM_INSTALL_ARGS = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

/** Runs `npm install` in `dir`; rejects with the end of npm's output when it fails. */
export function npmInstall(dir: string, opts: { npm?: string; signal?: AbortSignal; onOutput?: (text: string) => void } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = opts.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
    const child = spawn(npm, NPM_INSTALL_ARGS, { cwd: dir, signal: opts.signal, shell: process.platform === 'win32', env: process.env });
    let tail = '';
    const keep = (d: Buffer) => {
      const text = d.toString();
      opts.onOutput?.(text);
      tail = (tail + text).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (e) => reject(new Error(`Could not run npm (${e.message}). Is Node.js with npm installed and on PATH?`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm install failed (exit code ${code}) in ${dir}:\n${tail.trim().split('\n').slice(-12).join('\n')}`))));
  });
}

/**
 * For the verifier: one installed copy per set of dependencies under `cacheRoot`, reused across
 * runs and lessons. Returns its node_modules folder.
 */
export async function cachedDependencies(cacheRoot: string, deps: Dependencies, opts: { npm?: string; onOutput?: (text: string) => void } = {}): Promise<string> {
  const sorted = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  const dir = path.join(cacheRoot, createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16));
  const ready = path.join(dir, '.ai-dojo-ready');
  const done = await fs.access(ready).then(() => true, () => false);
  if (!done || (await missingDependencies(dir, deps)).length) {
    await writePackageJson(dir, sorted, 'ai-dojo-verify-deps');
    await npmInstall(dir, opts);
    const still = await missingDependencies(dir, deps);
    if (still.length) throw new Error(`npm install finished but these are still missing: ${describeMissing(still)}.`);
    await fs.writeFile(ready, new Date().toISOString());
  }
  return path.join(dir, 'node_modules');
}
