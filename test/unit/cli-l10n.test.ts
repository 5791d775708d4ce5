// The `rnn` command in Chinese and in the pseudo-locale: the built bundle run as
// a child process (as in cli.test.ts), with the locale chosen by LANG,
// LC_MESSAGES, LC_ALL or --lang.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { BACKENDS, bundlesFor, t, useLocale } from '../../core/src/shared';
import { KERNEL_OPTIONS } from '../../core/src/engine';
import { environmentLocale, langArgument, localeOption } from '../../cli/src/locale';
import { UsageError } from '../../cli/src/usage';
import { SIZE_UNIT_SYMBOL } from '../helpers/l10n-messages';
import { epochCount, errorCount, fileCount, warningCount } from '../../cli/src/report';
import type { InsightLayer } from '../../core/src/shared';
import { saveRun } from '../helpers/saved-runs';
import { gateSaturationFormula, LSTM_GATES, saveInsight } from '../helpers/saved-insight';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');
const HAN = /\p{Script=Han}/u;

/** Runs `rnn` with exactly the locale variables given (the test machine's own are removed). */
function rnn(args: string[], locale: Record<string, string> = {}) {
  const env = { ...process.env };
  for (const name of ['LANG', 'LANGUAGE', 'LC_ALL', 'LC_MESSAGES']) delete env[name];
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...env, ...locale } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `fn` evaluated in zh-cn with the CLI's catalogs: the text the CLI should print (the test process is English otherwise). */
function inChinese<T>(fn: () => T): T {
  useLocale('zh-cn', ...bundlesFor('zh-cn', ['language', 'engine', 'cli']));
  try {
    return fn();
  } finally {
    useLocale('en');
  }
}

const ZH = { LANG: 'zh_CN.UTF-8' };

const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-l10n-'));
const broken = join(dir, 'broken.rnn');
writeFileSync(
  broken,
  'model Broken {\n  data: sine(samples: 100)\n  input { timesteps: 10 }\n  hidden { cell: lstn, units: [8] }\n  loss: mse\n  optimizer: adam(lr: 0.01)\n  train { epochs: 0 }\n}\n',
);
/** broken.rnn's two errors, then gates.rnn's one warning (cli.test.ts checks both files in English). */
const CHECK_ARGS = ['check', broken, 'samples/gates.rnn'];
const DIAGNOSTIC = /^(.+?):(\d+):(\d+): (.+?): (.+) \[([a-z-]+)\]$/;

describe('the locale of rnn', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG; an empty variable counts as unset, C and POSIX are English', () => {
    assert.equal(environmentLocale({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(environmentLocale({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' }), 'zh-cn');
    assert.equal(environmentLocale({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(environmentLocale({ LC_ALL: '', LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(environmentLocale({ LANG: 'POSIX' }), 'en');
    assert.equal(environmentLocale({}), 'en');
  });

  it('takes --lang in both spellings, the last one winning, and none after --', () => {
    assert.equal(langArgument(['check', '--lang', 'zh-cn', 'a.rnn']), 'zh-cn');
    assert.equal(langArgument(['--lang=en', 'check', '--lang=zh_CN']), 'zh_CN');
    assert.equal(langArgument(['check', '--', '--lang', 'zh-cn']), undefined);
  });

  it('accepts the spellings of the languages it speaks and refuses others', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh_CN', 'zh_CN.UTF-8']) assert.equal(localeOption(tag), 'zh-cn');
    for (const tag of ['en', 'en-US', 'C']) assert.equal(localeOption(tag), 'en');
    assert.throws(() => localeOption('fr'), UsageError);
  });
});

describe('rnn in Chinese', () => {
  it('prints the help in Chinese, with the option and command names as they are typed', () => {
    const { code, stdout } = rnn(['--help'], ZH);
    assert.equal(code, 0);
    const expected = inChinese(() => [t('Usage: rnn <command> [options] <file.rnn>...'), t('Commands:'), t('Options:'), t('Show this help.')]);
    for (const line of expected) assert.ok(stdout.includes(line), `${line}\n${stdout}`);
    for (const name of ['check', 'train', 'summary', '--model', '--epochs', '--backend', '--runs-dir', '--steps-per-epoch', '--kernels', '--no-verify', '--lang']) {
      assert.match(stdout, new RegExp(`^ +${name}\\b`, 'm'), name);
    }
  });

  for (const [name, locale] of [['English', {}], ['Chinese', ZH]] as const) {
    it(`aligns the help's columns by display width (${name})`, () => {
      const { stdout } = rnn(['--help'], locale);
      const lines = stdout.split('\n');
      const run = locale === ZH ? inChinese : <T>(fn: () => T) => fn();
      // Where each description (its first line) starts, by the indentation of its row: 2 for commands and global options, 6 for a command's options.
      const descriptions = run(() => [t('Train the models of a file and save each run.'), t('Override train.epochs.'), t('Only this model.'), t('Show this help.'), t('Where runs are saved (default: ./runs).')]);
      const columns = new Map<number, Set<number>>();
      for (const description of descriptions) {
        const line = lines.find((l) => l.endsWith(description));
        assert.ok(line, `${description}\n${stdout}`);
        const indent = line.length - line.trimStart().length;
        const column = stringWidth(line.slice(0, line.length - description.length));
        columns.set(indent, (columns.get(indent) ?? new Set()).add(column));
      }
      assert.deepEqual([...columns.keys()].sort(), [2, 6]);
      for (const [indent, at] of columns) assert.equal(at.size, 1, `rows indented ${indent} start their descriptions at columns ${[...at]}`);
      // A description's second line starts under its first.
      const exits = run(() => t('Report every problem as file:line:col: severity: message [code].\nExits 1 when any file has an error.').split('\n')[1]);
      const continuation = lines.find((l) => l.endsWith(exits))!;
      assert.equal(continuation.length - exits.length, [...columns.get(2)!][0]);
    });
  }

  it("prints check's severity words and summary in Chinese, keeping the file:line:col format and the [code]", () => {
    const { code, stdout, stderr } = rnn(CHECK_ARGS, ZH);
    assert.equal(code, 1);
    const lines = stdout.split('\n').filter(Boolean).map((line) => DIAGNOSTIC.exec(line));
    assert.ok(lines.length === 3 && lines.every(Boolean), stdout);
    const [error, warning] = inChinese(() => [t('error'), t('warning')]);
    assert.deepEqual(lines.map((m) => [m![4], m![6]]), [[error, 'unknown-value'], [error, 'out-of-range'], [warning, 'long-sequence-rnn']]);
    assert.match(error, HAN);
    const summary = inChinese(() => t('{0} checked: {1}, {2}', fileCount(2), errorCount(2), warningCount(1)));
    assert.match(summary, HAN);
    assert.equal(stderr, `${summary}\n`);
  });

  it('lines up the summary table in Chinese: every row has its columns at the same display columns', () => {
    const { code, stdout } = rnn(['summary', 'samples/sine.rnn'], ZH);
    assert.equal(code, 0, stdout);
    const [header, ...layers] = stdout.split('\n').filter((line) => line.startsWith(' '));
    const expectedHeader = inChinese(() => [t('Layer (type)'), t('Output Shape'), t('Param #')]);
    assert.ok(expectedHeader.every((label) => HAN.test(label) && header.includes(label)), header);
    assert.equal(layers.length, 3, stdout);
    const rows = [header, ...layers];
    const starts = rows.map((row) => {
      const cells = row.trim().split(/ {2,}/);
      assert.equal(cells.length, 3, row);
      return stringWidth(row.slice(0, row.indexOf(cells[1])));
    });
    assert.equal(new Set(starts).size, 1, `the second column starts at ${starts}:\n${stdout}`);
    // The parameter counts are right-aligned, so every row ends at the same column.
    assert.equal(new Set(rows.map((row) => stringWidth(row))).size, 1, stdout);
  });

  it('trains in Chinese: progress and the final report, with metric names as they are', () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
    const { code, stdout } = rnn(['train', 'samples/sine.rnn', '--epochs', '1', '--steps-per-epoch', '2', '--runs-dir', runsDir], ZH);
    assert.equal(code, 0, stdout);
    const [epoch, finished, saved] = inChinese(() => [t('Epoch {0}', '1/1'), t('Finished'), t('Run saved in {0}', '')]);
    assert.match(stdout, new RegExp(`^${epoch}  .*  loss \\d`, 'm'));
    assert.match(stdout, new RegExp(`^${finished}.*SineForecast.*${inChinese(() => epochCount(1))}`, 'm'));
    assert.ok(stdout.includes(saved.trim()), stdout);
    const [run] = readdirSync(join(runsDir, 'SineForecast'));
    // What machines read stays English.
    assert.equal(JSON.parse(readFileSync(join(runsDir, 'SineForecast', run, 'summary.json'), 'utf8')).status, 'completed');
  });

  it('says usage errors in Chinese, the option names included as typed', () => {
    const bad = rnn(['train', 'samples/sine.rnn', '--backend', 'gpu'], ZH);
    assert.equal(bad.code, 2);
    const expected = inChinese(() => `rnn: ${t("--{0} must be one of {1}, got '{2}'", 'backend', BACKENDS.join(', '), 'gpu')}\n${t("Run 'rnn --help' for usage.")}\n`);
    assert.equal(bad.stderr, expected);
    const unknown = rnn(['check', '--frob'], ZH);
    assert.equal(unknown.code, 2);
    assert.ok(unknown.stderr.startsWith(inChinese(() => `rnn: ${t("unknown option '{0}'", '--frob')}\n`)), unknown.stderr);
  });
});

describe('rnn in English', () => {
  // The output with no locale in the environment: English, as before the CLI spoke Chinese.
  const cases: Array<[string, string[]]> = [
    ['the help', ['--help']],
    ['check', CHECK_ARGS],
    ['summary', ['summary', 'samples/sine.rnn']],
    ['a usage error', ['train', 'samples/sine.rnn', '--backend', 'gpu']],
    ['an unknown option', ['check', '--frob']],
  ];
  for (const [what, args] of cases) {
    it(`prints ${what} byte for byte alike with LANG=C, LC_ALL=C over a Chinese LANG, and --lang en over a Chinese LANG`, () => {
      const plain = rnn(args);
      assert.doesNotMatch(plain.stdout + plain.stderr, HAN);
      for (const [locale, extra] of [[{ LANG: 'C' }, []], [{ LC_ALL: 'C', ...ZH }, []], [ZH, ['--lang', 'en']]] as const) {
        const other = rnn([...args, ...extra], locale);
        assert.deepEqual(other, plain, JSON.stringify(locale) + extra.join(' '));
      }
    });
  }
});

/**
 * The pseudo-locale wraps every catalogued message in ⟦ ⟧; whatever English
 * is left outside the markers never went through `t`. What may stay outside,
 * because it is not prose in any language:
 */
function unroutedWords(output: string, names: readonly string[]): string[] {
  let text = output;
  // Markers nest (a message's placeholder is itself a message): peel from the inside.
  for (let before = ''; before !== text; ) [before, text] = [text, text.replace(/⟦[^⟦⟧]*⟧/g, ' ')];
  const allowed: RegExp[] = [
    /^--?[a-z][a-z-]*$/, // option names: typed as they are
    /^<[a-z|-]+>$/, // metavariables of options that stand for a number, a backend or a kernel option (<n>, <b>, <k>), and --lang's values
    /^\[[a-z-]+\]$/, // diagnostic codes: the same in every language so that they can be searched
    /\/|\.rnn$/, // paths
    /^[\d.,:e+-]+$/, // numbers, durations (0:02), exponents (2.9e-7)
    SIZE_UNIT_SYMBOL,
    /^rnn:?$/, // the command's name, which prefixes its messages
    /^[|()]$/, // the separators of the alternatives in the help
  ];
  return text
    .split(/\s+/)
    .map((word) => word.replace(/^[(]+|[),:;]+$/g, ''))
    .filter((word) => /[A-Za-z]/.test(word))
    .filter((word) => !names.includes(word) && !allowed.some((pattern) => pattern.test(word)));
}

describe('rnn in the pseudo-locale', () => {
  const PSEUDO = ['--lang', 'qps-ploc'];
  // Names of things, the same in every language: commands, backends and kernel options (option values), the sample's model.
  const NAMES = ['check', 'train', 'predict', 'summary', 'runs', 'inspect', 'compare', 'rm', 'export', 'import', ...BACKENDS, ...KERNEL_OPTIONS, 'en', 'zh-cn', 'SineForecast'];
  let runsDir = '';
  before(() => {
    runsDir = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
  });

  it('leaves no English outside the markers in the help', () => {
    const { stdout } = rnn(['--help', ...PSEUDO]);
    assert.match(stdout, /⟦/);
    assert.deepEqual(unroutedWords(stdout, NAMES), []);
  });

  it("leaves no English outside the markers in check's own words (the severity, the summary)", () => {
    const { stdout, stderr } = rnn([...CHECK_ARGS, ...PSEUDO]);
    const lines = stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 3, stdout);
    // The diagnostic messages come from the language layer, whose catalog is another part of the work: only the CLI's parts of each line are held here.
    const ownParts = lines.map((line) => {
      const [, file, , , severity, , code] = DIAGNOSTIC.exec(line)!;
      return `${file} ${severity} [${code}]`;
    });
    assert.deepEqual(unroutedWords(ownParts.join('\n') + '\n' + stderr, NAMES), []);
    assert.match(ownParts[0], /⟦error⟧/);
  });

  it('leaves no English outside the markers in the summary table, but for the layer names and types', () => {
    const { stdout } = rnn(['summary', 'samples/sine.rnn', ...PSEUDO]);
    // Layer names (lstm, lstm_1) and their Keras types (LSTM) name layers, as the model's name does.
    const layers = [...stdout.matchAll(/^ (\w+) \((\w+)\)/gm)].flatMap((m) => [m[1], m[2]]);
    assert.ok(layers.length >= 6, stdout);
    assert.deepEqual(unroutedWords(stdout, [...NAMES, ...layers]), []);
  });

  it('leaves no English outside the markers in training, but for the metric names', () => {
    const { code, stdout, stderr } = rnn(['train', 'samples/sine.rnn', '--epochs', '1', '--steps-per-epoch', '2', '--runs-dir', runsDir, ...PSEUDO]);
    assert.equal(code, 0, stdout + stderr);
    // The metric names, as the run recorded them (loss, val_loss, mae, ...): names in every language, like Keras's logs.
    const [run] = readdirSync(join(runsDir, 'SineForecast'));
    const metrics = Object.keys(JSON.parse(readFileSync(join(runsDir, 'SineForecast', run, 'summary.json'), 'utf8')).final);
    assert.ok(metrics.includes('val_loss'), metrics.join());
    assert.deepEqual(unroutedWords(stdout + stderr, [...NAMES, ...metrics]), []);
  });

  it("leaves no English outside the markers in inspect's report, but for the cells, the gates and the run's status", () => {
    const runDir = saveRun(runsDir, { model: 'Adding' });
    const layers: InsightLayer[] = [{ layer: 0, direction: 'forward', cell: 'lstm', units: 2, gates: LSTM_GATES }, { layer: 1, direction: 'backward', cell: 'rnn', units: 2, gates: [] }];
    saveInsight(runDir, { layers, steps: 20, epochs: 1, rate: (_, layer) => (layer.cell === 'rnn' ? 0.5 : 0.99), saturation: gateSaturationFormula });
    const { code, stdout, stderr } = rnn(['inspect', runDir, ...PSEUDO]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /⟦/);
    assert.deepEqual(unroutedWords(stdout, [...NAMES, 'Adding', 'completed', 'lstm', 'rnn', ...LSTM_GATES]), []);
  });
});
