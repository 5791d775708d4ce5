// The language server speaks the client's language (`initialize`'s `locale`):
// Chinese for zh-cn, English without a locale, and in the pseudo-locale every
// text it shows is marked, which finds any text that never went through `t`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CodeAction, CodeLens, Diagnostic, InlayHint } from 'vscode-languageserver-protocol/node';
import { checkText } from '../../core/src/language';
import { bundlesFor, useLocale, type DiagnosticCode } from '../../core/src/shared';
import { DIAGNOSTIC_CASES, model } from '../helpers/diagnostic-cases';
import { SIZE_UNIT_SYMBOL } from '../helpers/l10n-messages';
import { fileUri, positionAt, root, TestClient } from './lsp-client';

const HAN = /\p{Script=Han}/u;
const RELATED_INFORMATION = { textDocument: { publishDiagnostics: { relatedInformation: true } } };
const OPTIONS = { diagnosticsDelay: 20, trainCommand: 'rnn.train' };
const typo = model({ hidden: 'hidden { cell: lstn, units: [16] }' });
const duplicate = model({ extra: 'loss: mae' });
const sinePath = join(root, 'samples', 'sine.rnn');

const dir = mkdtempSync(join(tmpdir(), 'rnn-l10n-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let documents = 0;
/** Opens `text` as a new document in the temporary folder and returns its uri. */
async function openNew(client: TestClient, text: string): Promise<string> {
  const uri = fileUri(join(dir, `doc${++documents}.rnn`));
  await client.open(uri, text);
  return uri;
}

/** Diagnostics' messages may be markup in LSP 3.18; this server sends plain strings. */
const messageOf = (d: { message: string | { value: string } }) => (typeof d.message === 'string' ? d.message : d.message.value);

const request = <R>(client: TestClient, method: string, uri: string, params: object = {}) =>
  client.connection.sendRequest(method, { textDocument: { uri }, ...params }) as Promise<R>;

const codeActions = (client: TestClient, uri: string, diagnostic: Diagnostic) =>
  request<CodeAction[]>(client, 'textDocument/codeAction', uri, { range: diagnostic.range, context: { diagnostics: [diagnostic] } });

/** What the checker says in `locale`, in this process: the server must say the same. */
function checkedIn(locale: 'en' | 'zh-cn', text: string, code: DiagnosticCode) {
  useLocale(locale, ...bundlesFor(locale, ['language', 'server']));
  try {
    return checkText(text).diagnostics.find((d) => d.code === code)!;
  } finally {
    useLocale('en');
  }
}

describe('locale zh-cn', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(OPTIONS, RELATED_INFORMATION, undefined, 'zh-CN');
  });
  after(() => client.stop());

  test('a typo gets the Chinese diagnostic with its did-you-mean, the identifiers as written', async () => {
    const uri = await openNew(client, typo);
    const diagnostic = (await client.diagnosticsFor(uri)).find((d) => d.code === 'unknown-value');
    assert.ok(diagnostic);
    const message = messageOf(diagnostic);
    assert.match(message, HAN);
    assert.ok(message.includes('`lstn`') && message.includes('`lstm`'), message);
    assert.equal(message, checkedIn('zh-cn', typo, 'unknown-value').message);
    assert.notEqual(message, checkedIn('en', typo, 'unknown-value').message);

    const actions = await codeActions(client, uri, diagnostic);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    assert.match(fix.title, HAN);
    assert.ok(fix.title.includes('`lstm`'), fix.title);
    for (const action of actions) assert.match(action.title, HAN, action.title);
  });

  test('a duplicate key says where it was first given, in Chinese', async () => {
    const uri = await openNew(client, duplicate);
    const diagnostic = (await client.diagnosticsFor(uri)).find((d) => d.code === 'duplicate-key');
    assert.ok(diagnostic?.relatedInformation?.length, JSON.stringify(diagnostic));
    assert.match(messageOf(diagnostic), HAN);
    assert.equal(diagnostic.relatedInformation[0].message, checkedIn('zh-cn', duplicate, 'duplicate-key').related![0].message);
    assert.match(diagnostic.relatedInformation[0].message, HAN);
  });

  test('code lenses and inlay hints are Chinese', async () => {
    const text = readFileSync(sinePath, 'utf8');
    const uri = fileUri(sinePath);
    await client.open(uri, text);
    const lenses = await request<CodeLens[]>(client, 'textDocument/codeLens', uri);
    assert.equal(lenses.length, 2);
    for (const lens of lenses) assert.match(lens.command!.title, HAN);
    const hints = await request<InlayHint[]>(client, 'textDocument/inlayHint', uri, {
      range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) },
    });
    assert.ok(hints.length > 0);
    for (const hint of hints) assert.match(String(hint.label), HAN);
    await client.close(uri);
  });
});

describe('no locale', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(OPTIONS, RELATED_INFORMATION);
  });
  after(() => client.stop());

  test('the server answers in English', async () => {
    const uri = await openNew(client, typo);
    const diagnostic = (await client.diagnosticsFor(uri)).find((d) => d.code === 'unknown-value');
    assert.ok(diagnostic);
    assert.match(messageOf(diagnostic), /did you mean `lstm`\?$/);
    assert.doesNotMatch(messageOf(diagnostic), HAN);
    const fix = (await codeActions(client, uri, diagnostic)).find((a) => a.isPreferred);
    assert.equal(fix?.title, 'Change to `lstm`');
  });
});

// ---------------------------------------------------------------- pseudo-locale

/**
 * The words of `text` outside ⟦ ⟧ markers and outside `code` that are not
 * `names` (what the user wrote: identifiers, strings, paths). A marker pair
 * may sit inside a code span ("⟦model `⟧Sine⟦`⟧"): backticks count wherever they are.
 */
function unrouted(text: string, names: Set<string>): string[] {
  let depth = 0;
  let code = false;
  let outside = '';
  for (const char of text) {
    if (char === '⟦') depth++;
    else if (char === '⟧') depth--;
    else if (char === '`') code = !code;
    outside += depth === 0 && !code ? char : ' ';
  }
  return (outside.match(/\p{L}[\p{L}\p{N}_]*/gu) ?? []).filter((word) => !names.has(word) && !SIZE_UNIT_SYMBOL.test(word));
}

/** Words that come from the user: the document's identifiers and strings (not its comments), its data files and the folder. */
function userWords(text: string, files: Record<string, string | undefined>, folder: string): Set<string> {
  const sources = [text.replace(/(#|\/\/)[^\n]*/g, ''), ...Object.values(files).map((f) => f?.split('\n')[0] ?? ''), folder];
  return new Set(sources.flatMap((source) => source.match(/\p{L}[\p{L}\p{N}_]*/gu) ?? []));
}

describe('pseudo-locale', () => {
  let client: TestClient;
  before(async () => {
    // Without relatedInformation, related locations are written into the message: that text is checked too.
    client = await TestClient.start({ ...OPTIONS, codeLensCommand: 'rnn.showSummary' }, {}, undefined, 'qps-ploc');
  });
  after(() => client.stop());

  const samples = readdirSync(join(root, 'samples')).filter((name) => name.endsWith('.rnn'))
    .map((name) => ({ name, path: join(root, 'samples', name), files: {} }));
  // The untrusted case needs a client that says so: test/server/workspace-trust.test.ts checks its texts.
  const cases = Object.entries(DIAGNOSTIC_CASES).filter(([, { untrusted }]) => !untrusted).map(([code, { marked, files = {} }]) => {
    const folder = join(dir, code);
    for (const [path, contents] of Object.entries(files)) {
      const full = join(folder, path);
      // A file that exists but cannot be read: a folder in its place.
      if (contents === undefined) mkdirSync(full, { recursive: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, contents);
      }
    }
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'model.rnn');
    writeFileSync(path, marked.replace(/[⟦⟧⟪⟫]/g, ''));
    return { name: code, path, files, code };
  });

  for (const { name, path, files, ...rest } of [...samples, ...cases]) {
    test(`${name}: every text the server shows went through t`, async () => {
      const text = readFileSync(path, 'utf8');
      const uri = fileUri(path);
      await client.open(uri, text);
      const diagnostics = await client.diagnosticsFor(uri);
      if ('code' in rest) assert.ok(diagnostics.some((d) => d.code === rest.code), `${rest.code} in ${JSON.stringify(diagnostics)}`);
      const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
      const shown: string[] = diagnostics.flatMap((d) => [messageOf(d), ...(d.relatedInformation ?? []).map((r) => r.message)]);
      for (const diagnostic of diagnostics) shown.push(...(await codeActions(client, uri, diagnostic)).map((a) => a.title));
      shown.push(...(await request<CodeAction[]>(client, 'textDocument/codeAction', uri, { range: whole, context: { diagnostics: [] } })).map((a) => a.title));
      for (const lens of await request<CodeLens[]>(client, 'textDocument/codeLens', uri)) shown.push(lens.command!.title, lens.command!.tooltip ?? '');
      for (const hint of await request<InlayHint[]>(client, 'textDocument/inlayHint', uri, { range: whole })) shown.push(String(hint.label));
      await client.close(uri);

      assert.ok(shown.length > 0);
      const names = userWords(text, files, dirname(path));
      const left = shown.flatMap((s) => unrouted(s, names).map((word) => `${word} in ${JSON.stringify(s)}`));
      assert.deepEqual(left, []);
    });
  }
});
