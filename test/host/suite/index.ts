// Entry point that VS Code's test harness loads inside the extension host (the same contract
// as @vscode/test-electron: export run()). Mocha's own output stays inside the host, so the
// results are also written, line by line, to the file named by AI_DOJO_TEST_REPORT.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const report = process.env.AI_DOJO_TEST_REPORT;
  const write = (line: string) => {
    if (report) appendFileSync(report, line + '\n');
    else console.log(line);
  };
  if (report) writeFileSync(report, '');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, grep: process.env.AI_DOJO_HOST_GREP || undefined });
  // *.test.js normally; *.untrusted.js when the launcher opened an untrusted workspace.
  const suffix = process.env.AI_DOJO_HOST_FILES || '.test.js';
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith(suffix)).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run((failures) => {
      write(`${passed} passed, ${failed} failed`);
      if (failures > 0) reject(new Error(`${failures} host test(s) failed.`));
      else resolve();
    });
    runner.on('pass', (t) => {
      passed++;
      write(`  ✓ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, err: Error) => {
      failed++;
      write(`  ✗ ${t.fullTitle()}\n      ${(err.stack ?? err.message).split('\n').slice(0, 8).join('\n      ')}`);
    });
  });
}
