// `npm run bench`: prints figures, asserts nothing. Measured: the extension's own activation
// time and the time from Run Checks to results for a code lesson (inside a real VS Code
// extension host, code-server), the same runner without VS Code, and the bundle size.
// Figures are medians with spread; compare them side by side, not with another day's numbers.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runExtensionTests } from '../support/codeServer.mjs';
import { comparePromptfoo } from './promptfooCompare.mjs';

const LAUNCHES = Number(process.env.AI_DOJO_BENCH_LAUNCHES ?? 3);
const RUNS = Number(process.env.AI_DOJO_BENCH_RUNS ?? 20);
const RUNS_PEER = Number(process.env.AI_DOJO_BENCH_PEER_RUNS ?? 5);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const fmt = (xs) => `median ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)} (n=${xs.length})`;
const kb = (f) => statSync(join(REPO_ROOT, f)).size / 1024;

console.log('[bench] production build…');
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: REPO_ROOT, stdio: 'ignore' });
const bundles = ['dist/extension.js', 'dist/sandbox.js', 'dist/webview.js'];
const assets = ['dist/codicons/codicon.css', 'dist/codicons/codicon.ttf', 'media/panel.css', 'media/dojo.svg'];
const code = bundles.reduce((s, f) => s + kb(f), 0);
const all = code + assets.reduce((s, f) => s + kb(f), 0);

// Run Checks without VS Code: the core runner, child process included.
const core = JSON.parse(execFileSync(process.execPath, ['-r', 'sucrase/register/ts', 'test/bench/coreRunChecks.ts', String(RUNS)], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').at(-1));

// The offline embedding model: process start + model load + first texts, then a batch.
const embed = JSON.parse(execFileSync(process.execPath, ['-r', 'sucrase/register/ts', 'test/bench/offlineEmbed.ts', '5'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').at(-1));

// Prompt lessons: harness overhead for 50 cases against the scripted server.
const prompt = JSON.parse(execFileSync(process.execPath, ['-r', 'sucrase/register/ts', 'test/bench/promptHarness.ts', '5'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').at(-1));
const ideal200 = Math.ceil(prompt.cases / prompt.concurrency) * 200;

// Pack loading: the catalog load against the floor (read + parse every lesson.json, stat the files it names).
const packLoad = JSON.parse(execFileSync(process.execPath, ['-r', 'sucrase/register/ts', 'test/bench/packLoad.ts', '7'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').at(-1));
const peer = await comparePromptfoo({ root: REPO_ROOT, runs: RUNS_PEER });

const activation = [];
const activateWall = [];
const runChecks = [];
const phases = {};
for (let i = 0; i < LAUNCHES; i++) {
  const out = join(REPO_ROOT, 'test-results', 'bench-figures.json');
  rmSync(out, { force: true });
  const r = await runExtensionTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(REPO_ROOT, 'out/bench/index'),
    workspaceTemplate: join(REPO_ROOT, 'test/host/fixtures/workspace'),
    env: { AI_DOJO_BENCH_OUT: out, AI_DOJO_BENCH_RUNS: String(RUNS) },
    name: 'bench',
    log: () => {},
  });
  if (r.exitCode !== 0) throw new Error(`bench launch ${i + 1} failed: ${r.error ?? r.report}`);
  const f = JSON.parse(readFileSync(out, 'utf8'));
  activation.push(f.activationMs);
  activateWall.push(f.activateWallMs);
  runChecks.push(...f.runChecksMs);
  for (const [k, v] of Object.entries(f.phases)) (phases[k] ??= []).push(...v);
  console.log(`[bench] launch ${i + 1}/${LAUNCHES}: activation ${f.activationMs.toFixed(1)} ms, Run Checks median ${pct(f.runChecksMs, 50).toFixed(1)} ms`);
}

console.log('\nAI Dojo benchmark');
console.log(`  activation (activate() of the extension, ${LAUNCHES} launches):   ${fmt(activation)}   target < 50 ms`);
console.log(`  activation incl. VS Code loading the bundle:                ${fmt(activateWall)}`);
console.log(`  Run Checks -> results, code lesson, in VS Code (${RUNS}/launch): ${fmt(runChecks)}   target median < 300 ms (peers: >= 1 s)`);
console.log(`  Run Checks -> results, core runner, warm sandbox:           ${fmt(core.warm)}`);
console.log(`  Run Checks -> results, core runner, cold start each run:    ${fmt(core.cold)}`);
const editorMedian = pct(runChecks, 50);
const coreMedian = pct(core.warm, 50);
const target = (label, ratio, max) => console.log(`    ${label.padEnd(58)} ${ratio.toFixed(2)}x   target <= ${max}x   ${ratio <= max ? 'PASS' : 'MISS'}`);
target('editor median / core runner warm median', editorMedian / coreMedian, 2);
target('editor p95 / editor median', pct(runChecks, 95) / editorMedian, 3);
// Phases in order: the command around the service, then the service's steps; runner = the checks themselves.
console.log(`    where the editor's time goes (medians): ${['command', 'files', 'save', 'dependencies', 'checks', 'listeners', 'progress', 'runner'].filter((k) => phases[k]).map((k) => `${k} ${pct(phases[k], 50).toFixed(1)} ms`).join(' · ')}`);
const perCase = pct(prompt.latency0, 50) / prompt.cases;
const over200 = (pct(prompt.latency200, 50) / ideal200 - 1) * 100;
console.log(`  prompt lesson, ${prompt.cases} cases x 3 checks, concurrency ${prompt.concurrency}, scripted server, no cache:`);
console.log(`    at 0 ms latency:   ${fmt(prompt.latency0)}   = ${perCase.toFixed(2)} ms a case   target <= 2 ms   ${perCase <= 2 ? 'PASS' : 'MISS'}`);
console.log(`    at 200 ms latency: ${fmt(prompt.latency200)}   ideal ${ideal200} ms, +${over200.toFixed(1)} %   target within 10 %   ${over200 <= 10 ? 'PASS' : 'MISS'}`);
if (peer.skipped) console.log(`  vs promptfoo: skipped (${peer.skipped})`);
else {
  for (const [k, v] of Object.entries(peer)) {
    const ours = pct(v.ours, 50);
    const theirs = pct(v.promptfoo, 50);
    console.log(`  same work as a whole command, ${k.replace('latency', '')} ms latency: AI Dojo ${fmt(v.ours)}; promptfoo 0.121.20 ${fmt(v.promptfoo)}; promptfoo / AI Dojo = ${(theirs / ours).toFixed(2)}x${k === 'latency0' ? `   target >= 5x   ${theirs / ours >= 5 ? 'PASS' : 'MISS'}` : ''}`);
  }
}
for (const [name, r] of [[`generated pack, ${packLoad.generated.lessons} lessons (copies of rag/chunker)`, packLoad.generated], [`built-in pack, ${packLoad.builtIn.lessons} lessons`, packLoad.builtIn]]) {
  const ratio = pct(r.load, 50) / pct(r.floor, 50);
  console.log(`  pack load, ${name}: catalog ${fmt(r.load)}; floor (read + parse lesson.json, stat its files) ${fmt(r.floor)}; load / floor = ${ratio.toFixed(2)}x   target <= 1.5x   ${ratio <= 1.5 ? 'PASS' : 'MISS'}`);
}
console.log(`  bundle (extension + sandbox + webview JS):                  ${code.toFixed(1)} KB   target < 1024 KB`);
console.log(`  with codicons, CSS and icon:                                ${all.toFixed(1)} KB (lesson content not counted)`);
for (const f of [...bundles, ...assets]) console.log(`    ${f.padEnd(30)} ${kb(f).toFixed(1).padStart(8)} KB`);
const modelKb = readdirSync(join(REPO_ROOT, 'dist/models/use-lite')).reduce((s, f) => s + kb(`dist/models/use-lite/${f}`), 0);
const wasmKb = readdirSync(join(REPO_ROOT, 'dist')).filter((f) => f.endsWith('.wasm')).reduce((s, f) => s + kb(`dist/${f}`), 0);
console.log(`  offline embeddings (own process, not in the bundle above): runtime ${kb('dist/embedder.js').toFixed(0)} KB + wasm ${wasmKb.toFixed(0)} KB + model ${(modelKb / 1024).toFixed(1)} MB`);
const hostKb = kb('dist/extension.js');
console.log(`  host bundle loaded on activation (dist/extension.js): ${hostKb.toFixed(1)} KB   target <= 500 KB   ${hostKb <= 500 ? 'PASS' : 'MISS'}`);
const lazy = readdirSync(join(REPO_ROOT, 'dist/vendor')).filter((f) => f.endsWith('.js'));
console.log(`  loaded only when used (not in the bundles above): ${lazy.map((f) => `vendor/${f} ${kb(`dist/vendor/${f}`).toFixed(0)} KB`).join(', ')}; verifier CLI ${kb('dist/cli.js').toFixed(0)} KB`);
console.log(`  offline embedding model: first call (start + load + embed 3 texts) ${fmt(embed.first)}; then 24 new texts ${fmt(embed.batch)}`);

// The package as published: its size, and what is in it (lesson files summed per track).
const vsix = join(REPO_ROOT, 'test-results', 'ai-dojo-bench.vsix');
execFileSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: REPO_ROOT, stdio: 'ignore' });
const files = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
console.log(`  VSIX: ${(statSync(vsix).size / 1024 / 1024).toFixed(1)} MB, ${files.length} files   target < 40 MB with the model`);
const tracks = new Map();
for (const f of files.sort()) {
  const m = /^lessons\/([^/]+)\//.exec(f);
  if (m) {
    const t = tracks.get(m[1]) ?? { n: 0, kb: 0 };
    tracks.set(m[1], { n: t.n + 1, kb: t.kb + kb(f) });
  } else {
    console.log(`    ${f.padEnd(48)} ${kb(f).toFixed(1).padStart(9)} KB`);
  }
}
for (const [t, { n, kb: size }] of tracks) console.log(`    ${`lessons/${t}/ (${n} files)`.padEnd(48)} ${size.toFixed(1).padStart(9)} KB`);
