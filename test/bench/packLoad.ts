// Times the catalog load against its floor, for a generated 1,000-lesson pack and the built-in one.
// The floor is the I/O a load cannot skip: read and JSON.parse every lesson.json and stat every
// file it names (README, starter and solution files, fixtures), all concurrently, no validation.
// Prints the medians, then one JSON line (read by run.mjs): per pack, the load and floor times in ms
// (warm-up runs dropped).
import { promises as fs, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';

const root = path.resolve(__dirname, '../..');

/** `{"$fixture": "x"}` anywhere in a value. */
function fixtures(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => fixtures(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$fixture === 'string') out.push(o.$fixture);
    else Object.values(o).forEach((x) => fixtures(x, out));
  }
  return out;
}

interface Manifest {
  instructions?: string;
  files: string[];
  checks?: { args?: unknown; arbitraries?: unknown }[];
  cases?: { vars?: unknown }[];
}

async function floor(packDir: string): Promise<number> {
  const pack = JSON.parse(await fs.readFile(path.join(packDir, 'pack.json'), 'utf8')) as { tracks: { lessons: string[] }[] };
  const ids = pack.tracks.flatMap((t) => t.lessons);
  const named = await Promise.all(
    ids.map(async (id) => {
      const dir = path.join(packDir, ...id.split('/'));
      const m = JSON.parse(await fs.readFile(path.join(dir, 'lesson.json'), 'utf8')) as Manifest;
      const rels = [m.instructions ?? 'README.md', ...m.files.flatMap((f) => [`starter/${f}`, `solution/${f}`]), ...fixtures(m.checks), ...fixtures(m.cases)];
      await Promise.all(rels.map((r) => fs.stat(path.join(dir, r))));
      return rels.length;
    }),
  );
  return named.length;
}

/** A pack of `n` copies of rag/chunker, ids gen/l0000…, in a temp folder. */
function generate(n: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-packload-'));
  const src = path.join(root, 'lessons/rag/chunker');
  const manifest = JSON.parse(readFileSync(path.join(src, 'lesson.json'), 'utf8')) as Record<string, unknown>;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `gen/l${String(i).padStart(4, '0')}`;
    const to = path.join(dir, id);
    cpSync(src, to, { recursive: true });
    writeFileSync(path.join(to, 'lesson.json'), JSON.stringify({ ...manifest, id }, null, 2));
    ids.push(id);
  }
  writeFileSync(path.join(dir, 'pack.json'), JSON.stringify({ id: 'gen', name: 'Generated', version: '1.0.0', tracks: [{ id: 'gen', title: 'Generated', lessons: ids }] }, null, 2));
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1];
}

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Load and floor alternate, so both see the same machine; the first `warm` rounds are dropped. */
async function measure(packDir: string, expected: number, runs: number, warm = 2) {
  const load: number[] = [];
  const flr: number[] = [];
  for (let i = 0; i < warm + runs; i++) {
    let lessons = 0;
    let problems = 0;
    const l = await time(async () => {
      const c = await Catalog.load([packDir], nodeFiles);
      lessons = c.lessons.length;
      problems = c.problems.length;
    });
    if (lessons !== expected || problems) throw new Error(`${packDir}: loaded ${lessons} lessons with ${problems} problems, expected ${expected} and none`);
    const f = await time(() => floor(packDir));
    if (i >= warm) {
      load.push(l);
      flr.push(f);
    }
  }
  return { lessons: expected, load, floor: flr };
}

async function main() {
  const runs = Number(process.argv[2] ?? 7);
  const n = Number(process.argv[3] ?? 1000);
  const builtin = path.join(root, 'lessons');
  const builtinCount = (JSON.parse(readFileSync(path.join(builtin, 'pack.json'), 'utf8')) as { tracks: { lessons: string[] }[] }).tracks.flatMap((t) => t.lessons).length;
  const gen = generate(n);
  try {
    const generated = await measure(gen, n, runs);
    // The built-in pack loads in about 25 ms, where one scheduling hiccup is a large share of a
    // run: more runs (each costs little) for a median that does not swing with one of them.
    const builtIn = await measure(builtin, builtinCount, Math.max(runs, 31), 5);
    for (const [name, r] of Object.entries({ generated, builtIn })) {
      const ratio = median(r.load) / median(r.floor);
      console.log(`${name} (${r.lessons} lessons): load ${median(r.load).toFixed(1)} ms, floor ${median(r.floor).toFixed(1)} ms, ${ratio.toFixed(2)}x ${ratio <= 1.5 ? 'PASS' : 'MISS'}`);
    }
    console.log(JSON.stringify({ generated, builtIn }));
  } finally {
    rmSync(gen, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
