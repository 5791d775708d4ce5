// The digits sample as a user trains it: the figure the README states comes
// from this kind of run (no timing is asserted; time goes in the README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkText } from '../../core/src/language';
import { train } from '../../core/src/engine';
import type { TrainEvent } from '../../core/src/shared';

const samples = resolve(__dirname, '..', '..', 'samples');

test('samples/digits.rnn reaches at least 90% validation accuracy at the epoch early stopping keeps', async () => {
  const path = join(samples, 'digits.rnn');
  const checked = checkText(readFileSync(path, 'utf8'), { path });
  assert.deepEqual(checked.diagnostics, []);
  const spec = checked.models[0].spec!;
  const epochs: Extract<TrainEvent, { type: 'epoch' }>[] = [];
  const result = await train(spec, { runsDir: mkdtempSync(join(tmpdir(), 'rnn-digits-')), onEvent: (e) => e.type === 'epoch' && epochs.push(e) });
  assert.ok(result.status === 'completed' || result.status === 'early_stopped', result.reason);
  const best = epochs.reduce((a, b) => (b.val_loss! < a.val_loss! ? b : a));
  assert.ok(best.metrics.val_accuracy >= 0.9, `val_accuracy ${best.metrics.val_accuracy} at epoch ${best.epoch}`);
  const summary = JSON.parse(readFileSync(join(result.runDir, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});
