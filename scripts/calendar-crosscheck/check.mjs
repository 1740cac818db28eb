// Cross-checks our calendar data (config/calendars/cn-YYYY.yaml) day by day against the npm
// packages chinese-days and chinese-workday, and exits non-zero on any unexplained difference.
//
// Usage: node check.mjs [--calendars DIR] [--packages DIR]
//   --calendars  folder of cn-YYYY.yaml files (default: config/calendars of this repository)
//   --packages   folder whose node_modules holds the packages (default: this script's folder)
//
// Each day 2020-01-01..2026-12-31 gets one status: working day, rest day (weekend), holiday, or
// make-up working day. Where the two packages disagree with each other, the day must be listed
// in reviewed-disagreements.json with the status the State Council notice gives; ours must match.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FIRST_YEAR = 2020;
const LAST_YEAR = 2026;
const WORKING = 'working day';
const REST = 'rest day';
const HOLIDAY = 'holiday';
const MAKE_UP = 'make-up working day';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  if (at + 1 >= process.argv.length) throw new Error(`${name} needs a value`);
  return resolve(process.argv[at + 1]);
}

// Every date from first to last inclusive, as YYYY-MM-DD, computed in UTC so that the local
// time zone cannot shift a day.
function* days(first, last) {
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000)
    yield new Date(t).toISOString().slice(0, 10);
}

function isWeekend(date) {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

// Reads our YAML files into date -> status; throws on a malformed or conflicting entry.
function loadOurs(folder, YAML) {
  const status = new Map();
  const years = new Set();
  const files = readdirSync(folder).filter((name) => /^cn-\d{4}\.yaml$/.test(name)).sort();
  for (const name of files) {
    const doc = YAML.parse(readFileSync(join(folder, name), 'utf8'));
    years.add(Number(doc.year));
    for (const holiday of doc.holidays ?? []) {
      for (const date of days(String(holiday.from), String(holiday.to)))
        claim(status, date, HOLIDAY, `${name}: ${holiday.zh}`);
      for (const date of holiday.make_up_working_days ?? [])
        claim(status, String(date), MAKE_UP, `${name}: ${holiday.zh}`);
    }
  }
  for (let year = FIRST_YEAR; year <= LAST_YEAR; ++year)
    if (!years.has(year)) throw new Error(`no calendar file for ${year} in ${folder}`);
  return (date) => status.get(date)?.status ?? (isWeekend(date) ? REST : WORKING);
}

function claim(status, date, kind, where) {
  const previous = status.get(date);
  if (previous) throw new Error(`${where}: ${date} is already a ${previous.status} (${previous.where})`);
  status.set(date, { status: kind, where });
}

// chinese-days: getDayDetail names a holiday or make-up day "English,中文,N"; other days get
// a weekday name.
function chineseDaysStatus(pkg) {
  return (date) => {
    const detail = pkg.getDayDetail(date);
    const listed = detail.name.includes(',');
    if (listed) return detail.work ? MAKE_UP : HOLIDAY;
    return detail.work ? WORKING : REST;
  };
}

// chinese-workday: getFestival says 周末 for a plain weekend and a festival name for a holiday.
function chineseWorkdayStatus(pkg) {
  return (date) => {
    if (pkg.isAddtionalWorkday(date)) return MAKE_UP;
    if (pkg.isWorkday(date)) return WORKING;
    return pkg.getFestival(date) === '周末' ? REST : HOLIDAY;
  };
}

// Loads an installed package from `folder`/node_modules: ES modules by their "import" entry
// (chinese-workday's CommonJS build cannot be required under its "type": "module"), others
// with require.
async function loadPackage(folder, name) {
  const root = join(folder, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (manifest.type !== 'module') return createRequire(join(folder, 'package.json'))(name);
  const entry = manifest.exports?.['.']?.import ?? manifest.module ?? manifest.main;
  return import(pathToFileURL(join(root, entry)).href);
}

async function main() {
  const calendars = option('--calendars', resolve(here, '../../config/calendars'));
  const packages = option('--packages', here);
  const YAML = await loadPackage(packages, 'yaml');
  const ours = loadOurs(calendars, YAML);
  const byDays = chineseDaysStatus(await loadPackage(packages, 'chinese-days'));
  const byWorkday = chineseWorkdayStatus(await loadPackage(packages, 'chinese-workday'));
  const reviewed = new Map(
    JSON.parse(readFileSync(join(here, 'reviewed-disagreements.json'), 'utf8')).days.map((d) => [d.date, d]),
  );

  const failures = [];
  const notes = [];
  const seenReviewed = new Set();
  let checked = 0;
  for (const date of days(`${FIRST_YEAR}-01-01`, `${LAST_YEAR}-12-31`)) {
    ++checked;
    const a = ours(date), b = byDays(date), c = byWorkday(date);
    if (b === c) {
      if (a !== b) failures.push(`${date}: ours says ${a}; chinese-days and chinese-workday both say ${b}`);
      continue;
    }
    const ruling = reviewed.get(date);
    const line = `${date}: packages disagree (chinese-days: ${b}, chinese-workday: ${c})`;
    if (!ruling) {
      failures.push(`${line}; ours says ${a}: check the State Council notice and record it in reviewed-disagreements.json`);
      continue;
    }
    seenReviewed.add(date);
    if (ruling.status !== a) failures.push(`${line}; the notice gives ${ruling.status} but ours says ${a}`);
    else notes.push(`${line}; ours follows the notice: ${a} — ${ruling.basis}`);
  }
  for (const date of reviewed.keys())
    if (!seenReviewed.has(date)) failures.push(`${date}: listed in reviewed-disagreements.json but the packages no longer disagree`);

  for (const note of notes) console.log(`note: ${note}`);
  for (const failure of failures) console.log(`MISMATCH ${failure}`);
  console.log(`calendar crosscheck: ${checked} days ${FIRST_YEAR}-01-01..${LAST_YEAR}-12-31, ` +
    `${notes.length} reviewed package disagreements, ${failures.length} mismatches`);
  return failures.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`calendar crosscheck: ${error.message}`);
  process.exitCode = 2;
}
