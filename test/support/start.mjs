// `npm start`: a real VS Code with the extension (from this folder) and its built-in lessons.
// Desktop VS Code (`code` on PATH) when there is one; otherwise code-server on 127.0.0.1, whose
// URL is printed (the test tools are installed first when missing), with the packaged
// extension installed, exactly as a user gets it. Ctrl+C stops it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, installVsix, startCodeServer, toolPaths } from './codeServer.mjs';

const playground = join(REPO_ROOT, '.tools', 'playground');
mkdirSync(playground, { recursive: true });
if (!existsSync(join(playground, 'README.md'))) {
  writeFileSync(join(playground, 'README.md'), '# AI Dojo playground\n\nLesson files you edit are copied into ai-dojo/ here.\n');
}

const hasDesktop = !process.env.AI_DOJO_USE_CODE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasDesktop) {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log('[start] opening desktop VS Code with the extension in development mode');
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO_ROOT}`, playground], { stdio: 'inherit', detached: true }).unref();
  process.exit(0);
}

try {
  toolPaths();
} catch {
  console.log('[start] installing code-server and Node 24 into .tools/ (first time only, ~3 min)…');
  execFileSync('bash', ['.ci/install-tools.sh'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

const extensionsDir = join(REPO_ROOT, '.tools', 'dev-extensions');
const userDataDir = join(REPO_ROOT, '.tools', 'dev-user-data');
const vsix = join(REPO_ROOT, '.tools', 'ai-dojo-dev.vsix');
console.log('[start] packaging and installing the extension into code-server…');
execFileSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
await installVsix({ vsix, extensionsDir, userDataDir });

const server = await startCodeServer({
  workspace: playground,
  extensionsDir,
  userDataDir,
  port: Number(process.env.AI_DOJO_PORT ?? 0),
  logFile: join(REPO_ROOT, '.tools', 'dev-code-server.log'),
  // The playground sits inside this repository; do not offer to open it in Source Control.
  settings: { 'git.openRepositoryInParentFolders': 'never' },
});
const url = `${server.url}?folder=${encodeURIComponent(playground)}`;
console.log(`\n[start] VS Code with AI Dojo is running. Open this URL in a browser:\n\n  ${url}\n\n[start] log: ${server.logFile}. Press Ctrl+C to stop.`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
