// When the server checks a changed document and publishes its diagnostics,
// on a clock the test advances by hand (no real time passes, nothing is
// timed): an edit after a pause is published at once, a burst of edits once
// when it stops, a word typed at five characters a second at most twice, and
// never a version older than one already published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticsScheduler, MIN_BURST_WAIT_MS } from '../../server/src/diagnostics/diagnostics-scheduler';
import { ManualTimers } from '../helpers/manual-timers';
import { DocumentStore } from '../../server/src/documents/document-store';
import type { AnalyzedDocument } from '../../server/src/documents/analyzed-document';

const URI = 'file:///scheduled.rnn';
const PAUSE_MS = 300;

/** A scheduler over one open document whose diagnostics name the version they were computed for. */
function setup(pauseMs = PAUSE_MS) {
  const timers = new ManualTimers();
  let document = TextDocument.create(URI, 'rnn', 1, 'model A {}');
  const documents = { get: (uri: string) => (uri === URI ? document : undefined) };
  const store = new DocumentStore(documents, () => {
    throw new Error('the scheduler must not need the check result itself');
  });
  const published: { version: number | undefined; at: number; diagnostics: Diagnostic[] }[] = [];
  const checked: number[] = [];
  let duringCheck: (() => void) | undefined;
  const provider = {
    diagnostics: (doc: AnalyzedDocument): Diagnostic[] => {
      checked.push(doc.version);
      duringCheck?.();
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: `version ${doc.version}` }];
    },
  };
  const logger = { error: (message: string) => assert.fail(message), info: () => undefined };
  const scheduler = new DiagnosticsScheduler(store, provider, (uri, version, diagnostics) => {
    assert.equal(uri, URI);
    published.push({ version, at: timers.now(), diagnostics });
  }, logger, () => pauseMs, timers);
  /** One keystroke: a new version of the document, scheduled as the server does on didChange. */
  const edit = () => {
    document = TextDocument.create(URI, 'rnn', document.version + 1, `${document.getText()} `);
    scheduler.schedule(URI);
    return document.version;
  };
  const open = () => scheduler.schedule(URI);
  return {
    timers, scheduler, published, checked, edit, open,
    current: () => document.version,
    versions: () => published.map((p) => p.version),
    whileChecking: (act: (() => void) | undefined) => {
      duringCheck = act;
    },
  };
}

test('an opened document and an edit after a pause are published at once, without waiting for a quiet period', () => {
  const s = setup();
  s.open();
  s.timers.advance(0);
  assert.deepEqual(s.versions(), [1]);
  s.timers.advance(5_000);
  const version = s.edit();
  s.timers.advance(0);
  assert.deepEqual(s.versions(), [1, version]);
  assert.equal(s.published[1].at, 5_000, 'no time passed between the edit and its publish');
  assert.equal(s.published[1].diagnostics[0].message, `version ${version}`);
});

test('edits further apart than the pause are each published at once', () => {
  const s = setup();
  s.open();
  s.timers.advance(0);
  for (let i = 0; i < 4; i++) {
    s.timers.advance(PAUSE_MS);
    const version = s.edit();
    s.timers.advance(0);
    assert.equal(s.published.at(-1)?.version, version);
  }
  assert.deepEqual(s.versions(), [1, 2, 3, 4, 5]);
});

test('a burst of edits is checked and published once, after it stops', () => {
  const s = setup();
  s.open();
  s.timers.advance(0);
  s.timers.advance(5_000);
  const first = s.edit();
  let last = 0;
  for (let i = 0; i < 20; i++) {
    s.timers.advance(10);
    last = s.edit();
  }
  // The burst's first edit came after a pause: published at once. The rest wait until the burst has stopped.
  s.timers.advance(MIN_BURST_WAIT_MS - 1);
  assert.deepEqual(s.versions(), [1, first]);
  s.timers.advance(1);
  assert.deepEqual(s.versions(), [1, first, last]);
  assert.deepEqual(s.checked, [1, first, last], 'the versions in between were never checked');
  // Edits that arrive together (one read from the client) are coalesced from the first.
  s.timers.advance(5_000);
  s.edit();
  const together = s.edit();
  s.timers.advance(PAUSE_MS);
  assert.deepEqual(s.versions(), [1, first, last, together]);
});

test('a word typed at five characters a second is published at most twice: its first character at once, its last when typing pauses', () => {
  const s = setup();
  s.open();
  s.timers.advance(PAUSE_MS * 3);
  for (let word = 0; word < 5; word++) {
    const before = s.published.length;
    const first = s.edit();
    s.timers.advance(0);
    assert.equal(s.published.at(-1)?.version, first, 'the first character after a pause is published at once');
    let last = first;
    for (let i = 1; i < 5; i++) {
      s.timers.advance(200);
      last = s.edit();
    }
    s.timers.advance(PAUSE_MS * 3);
    const during = s.versions().slice(before);
    assert.deepEqual(during, [first, last], `word ${word}`);
  }
});

test('the wait for a pause follows the rhythm of the edits and never exceeds the pause', () => {
  const s = setup();
  s.open();
  s.timers.advance(PAUSE_MS * 3);
  s.edit();
  s.timers.advance(0);
  s.timers.advance(100);
  const fast = s.edit();
  // Ten characters a second: the burst counts as paused after two gaps (200 ms), not after the whole pause.
  s.timers.advance(199);
  assert.notEqual(s.published.at(-1)?.version, fast);
  s.timers.advance(1);
  assert.equal(s.published.at(-1)?.version, fast);
  s.timers.advance(PAUSE_MS * 3);
  s.edit();
  s.timers.advance(250);
  const slow = s.edit();
  s.timers.advance(PAUSE_MS - 1);
  assert.notEqual(s.published.at(-1)?.version, slow);
  s.timers.advance(1);
  assert.equal(s.published.at(-1)?.version, slow, 'capped at the pause');
});

test('a check of a version that changed while it ran is not published; the newer version is', () => {
  const s = setup();
  s.open();
  s.timers.advance(0);
  s.timers.advance(5_000);
  const stale = s.edit();
  let newer = 0;
  s.whileChecking(() => {
    s.whileChecking(undefined);
    newer = s.edit();
  });
  s.timers.advance(0);
  assert.deepEqual(s.checked, [1, stale]);
  assert.ok(!s.versions().includes(stale), 'the stale version was dropped');
  s.timers.advance(PAUSE_MS);
  assert.deepEqual(s.versions(), [1, newer]);
});

test('published versions only ever increase, whatever the rhythm', () => {
  const s = setup();
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  s.open();
  for (let i = 0; i < 500; i++) {
    s.timers.advance(Math.floor(next() * next() * 700));
    if (next() < 0.2) s.whileChecking(() => {
      s.whileChecking(undefined);
      s.edit();
    });
    s.edit();
  }
  s.timers.advance(PAUSE_MS);
  const versions = s.versions() as number[];
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  assert.equal(new Set(versions).size, versions.length);
  assert.equal(versions.at(-1), s.current(), 'the last version is published');
});

test('with no pause configured (0) every edit is published at once, even a burst', () => {
  const s = setup(0);
  s.open();
  s.timers.advance(0);
  for (let i = 0; i < 5; i++) {
    s.edit();
    s.timers.advance(0);
  }
  assert.deepEqual(s.versions(), [1, 2, 3, 4, 5, 6]);
});

test('closing a document drops its pending check and clears its diagnostics', () => {
  const s = setup();
  s.open();
  s.timers.advance(0);
  s.edit();
  s.scheduler.clear(URI);
  s.timers.advance(PAUSE_MS * 3);
  assert.deepEqual(s.versions(), [1, undefined]);
  assert.deepEqual(s.published[1].diagnostics, []);
});
