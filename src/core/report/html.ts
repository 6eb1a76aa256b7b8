// The team report as one HTML file: inline CSS, no script, no network, no external assets; it
// works opened from disk, attached to a CI run or mailed. Hover a cell for its details.
import { isStuck, type LessonStats, type ReportCell, type ReportLesson, type TeamReport } from './aggregate';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const pct = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);
const day = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '–');

const CSS = `
:root{--bg:#fff;--fg:#1f2430;--muted:#667085;--line:#e4e7ec;--pass:#2e9d5b;--ip1:#fde68a;--ip2:#fbbf24;--ip3:#f59e0b;--ip4:#d9480f;--ns:#f2f4f7;--warn:#fff4e5}
@media (prefers-color-scheme:dark){:root{--bg:#161a22;--fg:#e6e8ee;--muted:#98a2b3;--line:#2b3240;--ns:#232a36;--warn:#3a2e1a}}
*{box-sizing:border-box}body{margin:0;padding:24px;font:13px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.muted{color:var(--muted)}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.tile{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:130px}.tile b{display:block;font-size:20px}
.warn{background:var(--warn);border:1px solid #f5c16c;border-radius:8px;padding:8px 12px;margin:12px 0}.warn li{margin:2px 0}
table{border-collapse:collapse}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;white-space:nowrap}
.scroll{overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:8px}
.heat th.v{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500;padding:6px 2px;height:180px;vertical-align:bottom;position:sticky;top:0;background:var(--bg);z-index:1}
.heat th.v.unknown{color:#b54708}.heat th.corner{position:sticky;top:0;left:0;z-index:3;background:var(--bg)}
.heat td{padding:0;border:1px solid var(--bg)}.heat td.c{width:24px;min-width:24px;height:22px;text-align:center;font-size:11px;font-variant-numeric:tabular-nums}
.heat th.name{position:sticky;left:0;background:var(--bg);z-index:2;font-weight:500}
.c sup{font-size:8px;color:#6941c6;margin-left:1px}
.p{background:var(--pass);color:#fff}.i1{background:var(--ip1)}.i2{background:var(--ip2)}.i3{background:var(--ip3)}.i4{background:var(--ip4);color:#fff}.n{background:var(--ns)}.stuck{outline:2px solid #d92d20;outline-offset:-2px}
.legend span{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:middle;margin:0 4px 0 12px}
.bar{display:inline-block;height:10px;border-radius:3px;vertical-align:middle;margin-right:6px}.b1{background:#98a2b3}.b2{background:var(--ip3)}.b3{background:var(--pass)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
ol.stuck-list li{margin:6px 0}ol.stuck-list ul{margin:2px 0 0;padding-left:18px;color:var(--muted)}
`;

function cellClass(c: ReportCell): string {
  if (c.status === 'passed') return 'p';
  if (c.status === 'not-started' && c.attempts === 0) return 'n';
  const level = c.attempts >= 6 ? 4 : c.attempts >= 3 ? 3 : c.attempts >= 1 ? 2 : 1;
  return `i${level}${isStuck(c) ? ' stuck' : ''}`;
}

function cellTitle(person: string, l: ReportLesson, c: ReportCell): string {
  const parts = [`${person} · ${l.title}`, c.status.replace('-', ' '), `${c.attempts} attempt${c.attempts === 1 ? '' : 's'}`, `${c.hints} hint${c.hints === 1 ? '' : 's'}`];
  if (c.attempts) parts.push(`best ${Math.round(c.bestScore * 100)}%`);
  if (c.firstRun) parts.push(`first run ${day(c.firstRun)}`);
  if (c.lastRun) parts.push(`last run ${day(c.lastRun)}`);
  if (c.lastFailed?.length) parts.push(`last run failed: ${c.lastFailed.slice(0, 4).join('; ')}${c.lastFailed.length > 4 ? '; …' : ''}`);
  return parts.join('\n');
}

function heatmap(r: TeamReport): string {
  const head = `<tr><th class="corner">Person</th>${r.lessons.map((l) => `<th class="v${l.unknown ? ' unknown' : ''}" title="${esc(`${l.title} (${l.key})${l.unknown ? ': not in the packs' : ''}`)}">${esc(l.id)}${l.unknown ? ' ⚠' : ''}</th>`).join('')}</tr>`;
  const rows = r.people.map((name, i) => {
    const cells = r.cells[i].map((c, j) => `<td class="c ${cellClass(c)}" title="${esc(cellTitle(name, r.lessons[j], c))}">${c.attempts || ''}${c.hints ? `<sup>${c.hints}</sup>` : ''}</td>`).join('');
    return `<tr><th class="name">${esc(name)}</th>${cells}</tr>`;
  });
  return `<div class="legend muted">Number: attempts (counted runs) · superscript: hints shown · <span class="p"></span>passed<span class="i2"></span>in progress (darker: more attempts)<span class="i3 stuck"></span>stuck (${'≥'}3 attempts, not passed)<span class="n"></span>not started</div>
<div class="scroll"><table class="heat">${head}${rows.join('\n')}</table></div>`;
}

function bar(n: number, of: number, cls: string): string {
  return `<span class="bar ${cls}" style="width:${Math.max(1, pct(n, of) * 1.2)}px"></span>${n} <span class="muted">(${pct(n, of)}%)</span>`;
}

function funnel(r: TeamReport): string {
  const n = r.people.length;
  const rows = r.lessonStats.map((s, j) => {
    const l = r.lessons[j];
    return `<tr><td title="${esc(l.key)}">${esc(l.title)}${l.unknown ? ' ⚠' : ''} <span class="muted">${esc(l.id)}</span></td><td>${bar(s.opened, n, 'b1')}</td><td>${bar(s.inProgress, n, 'b2')}</td><td>${bar(s.passed, n, 'b3')}</td><td class="num">${s.stuck || ''}</td><td class="num">${s.medianAttemptsToPass ?? '–'}</td><td class="num">${s.hints}</td></tr>`;
  });
  return `<table><tr><th>Lesson</th><th>Opened</th><th>In progress (ran the checks)</th><th>Passed</th><th>Stuck</th><th>Median attempts to pass</th><th>Hints shown</th></tr>${rows.join('\n')}</table>`;
}

function stuckList(r: TeamReport): string {
  if (!r.stuck.length) return '<p class="muted">Nobody is stuck: no lesson has someone with 3 or more attempts who has not passed it.</p>';
  const byKey = new Map(r.lessonStats.map((s, j) => [s.key, { s, l: r.lessons[j] }]));
  const items = r.stuck.slice(0, 15).map((key) => {
    const { s, l } = byKey.get(key) as { s: LessonStats; l: ReportLesson };
    const checks = s.failingChecks.slice(0, 3).map((f) => `<li>${esc(f.check)} <span>: failed in the last run of ${f.people}</span></li>`).join('');
    return `<li><b>${esc(l.title)}</b> <span class="muted">${esc(l.id)}</span>: ${s.stuck} stuck, ${s.passed} of ${s.inProgress} who ran the checks passed${s.medianAttemptsToPass !== undefined ? ` (median ${s.medianAttemptsToPass} attempts)` : ''}, ${s.hints} hints shown${checks ? `<ul>${checks}</ul>` : ''}</li>`;
  });
  return `<ol class="stuck-list">${items.join('\n')}</ol>`;
}

function totals(r: TeamReport): string {
  const rows = r.totals.map((t) => `<tr><td>${esc(t.name)}</td><td class="num">${t.passed}</td><td class="num">${t.inProgress}</td><td class="num">${t.notStarted}</td><td class="num">${t.attempts}</td><td class="num">${t.hints}</td><td class="num">${t.stuck || ''}</td><td>${day(t.lastActivity)}</td><td class="muted">v${t.version}${t.extensionVersion ? ` · AI Dojo ${esc(t.extensionVersion)}` : ''}</td></tr>`);
  return `<table><tr><th>Person</th><th>Passed</th><th>In progress</th><th>Not started</th><th>Attempts</th><th>Hints</th><th>Stuck</th><th>Last activity (UTC)</th><th>Export</th></tr>${rows.join('\n')}</table>`;
}

export function reportHtml(r: TeamReport): string {
  const n = r.people.length;
  const passes = r.cells.flat().filter((c) => c.status === 'passed').length;
  const known = r.lessons.filter((l) => !l.unknown).length;
  const done = r.totals.filter((t) => known && t.passed >= known).length;
  const packs = r.packs.map((p) => `${esc(p.name)} ${esc(p.version)}`).join(', ') || 'no pack (lessons from the exports)';
  const warnings = r.warnings.length ? `<div class="warn"><b>${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}</b><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : '';
  const notes = r.notes.length ? `<details><summary class="muted">${r.notes.length} note(s)</summary><ul>${r.notes.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></details>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>AI Dojo team report</title>
<style>${CSS}</style>
</head>
<body>
<h1>AI Dojo team report</h1>
<div class="muted">${n} people · ${r.lessons.length} lessons · ${packs} · made ${day(r.generatedAt)} UTC</div>
${warnings}${notes}
<div class="tiles"><div class="tile"><b>${n}</b>people</div><div class="tile"><b>${passes}</b>lessons passed in all</div><div class="tile"><b>${n ? (passes / n).toFixed(1) : 0}</b>passed per person</div><div class="tile"><b>${done}</b>finished every lesson</div><div class="tile"><b>${r.stuck.length}</b>lessons where someone is stuck</div></div>
<h2>People × lessons</h2>
${heatmap(r)}
<h2>Where people get stuck</h2>
${stuckList(r)}
<h2>Per lesson: opened → ran checks → passed</h2>
${funnel(r)}
<h2>Per person</h2>
${totals(r)}
</body>
</html>
`;
}
