import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatText } from '../../core/src/language/format/formatter';
import { parse } from '../../core/src/language/syntax/parser';

const samplesDir = join(import.meta.dirname, '..', '..', 'samples');

function formatted(text: string, options = {}): string {
  const result = formatText(text, options);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.text;
}

/** The tree without positions, to compare meaning before and after formatting. */
function shape(text: string): unknown {
  const { file } = parse(text);
  delete file.text;
  return JSON.parse(JSON.stringify(file, (key, value) => (key === 'range' || key.endsWith('Range') || key === 'keyword' || key === 'colon' ? undefined : value)));
}

const messy = `# header comment


# second header
model   A{   # on the model line
  data:sine( samples:2000,period : 40 )   # data trailing
  input { timesteps: 50, features: 1 }  # inline trailing



  hidden {cell: lstm
    units: [64 ,32]  ,  gates: [input, forget]
  }
  loss: mse,optimizer: adam(lr: 1e-3)
  // lone comment at end
}
model B {
  data: sine()
  train {}
} # after B
`;

const messyFormatted = `# header comment

# second header
model A {  # on the model line
  data: sine(samples: 2000, period: 40)  # data trailing
  input { timesteps: 50, features: 1 }  # inline trailing

  hidden {
    cell: lstm
    units: [64, 32]
    gates: [input, forget]
  }
  loss: mse
  optimizer: adam(lr: 1e-3)
  // lone comment at end
}

model B {
  data: sine()
  train {}
}  # after B
`;

test('the samples are already in the canonical layout', () => {
  const files = readdirSync(samplesDir).filter((f) => f.endsWith('.rnn'));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const text = readFileSync(join(samplesDir, f), 'utf8');
    assert.equal(formatted(text), text, f);
  }
});

test('a messy file gets the canonical layout, comments in place', () => {
  assert.equal(formatted(messy), messyFormatted);
});

test('formatting is idempotent and keeps the meaning', () => {
  const once = formatted(messy);
  assert.equal(formatted(once), once);
  assert.deepEqual(shape(once), shape(messy));
  for (const f of readdirSync(samplesDir).filter((n) => n.endsWith('.rnn'))) {
    const squashed = readFileSync(join(samplesDir, f), 'utf8').replace(/\n\s*/g, '\n').replace(/: /g, ':');
    const result = formatted(squashed);
    assert.equal(formatted(result), result, f);
    assert.deepEqual(shape(result), shape(squashed), f);
  }
});

test('every comment survives, including one inside a multi-line list', () => {
  const text = 'model A {\n  hidden {\n    gates: [input,  # first\n      forget]\n  }\n  # end\n}\n';
  const out = formatted(text);
  for (const c of parse(text).file.comments) assert.ok(out.includes(c.text.trim()), c.text);
  assert.equal(formatted(out), out);
});

test('`extends` and a sweep\'s dotted key paths and named cases keep their place in the canonical layout', () => {
  const messyChild = 'model  Child   extends\tBase{hidden{units:[8]}\nsweep{optimizer.lr:[0.001,0.01]\nplain{}\nwide { hidden.units:[[32]] ,train.batch_size: 8}}}\n';
  assert.equal(formatted(messyChild), 'model Child extends Base {\n  hidden { units: [8] }\n  sweep {\n    optimizer.lr: [0.001, 0.01]\n'
    + '    plain {}\n    wide { hidden.units: [[32]], train.batch_size: 8 }\n  }\n}\n');
});

test('a one-line block too wide for the line is laid out one member per line', () => {
  const args = Array.from({ length: 12 }, (_, i) => `k${i}: ${i}`).join(', ');
  const out = formatted(`model A {\n  train { ${args} }\n}\n`, { lineWidth: 60 });
  assert.match(out, /^ {2}train \{\n {4}k0: 0\n/m);
  assert.equal(out.split('\n').filter((l) => l.startsWith('    k')).length, 12);
});

test('the indent is configurable', () => {
  const out = formatted('model A {\nhidden {\ncell: gru\n}\n}\n', { indent: '\t' });
  assert.equal(out, 'model A {\n\thidden {\n\t\tcell: gru\n\t}\n}\n');
});

test('a file with syntax errors is not formatted, and says why', () => {
  const result = formatText('model A {\n  hidden { cell: }\n  loss mse\n}\n');
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.reason : '', /syntax error/);
});

test('an empty file and a file of comments format without loss', () => {
  assert.equal(formatted(''), '');
  assert.equal(formatted('# only a comment   \n\n\n# another\n'), '# only a comment\n\n# another\n');
});

test('Windows line endings are kept', () => {
  const crlf = 'model A {\r\n  hidden {cell: gru}  # the core\r\n}\r\n';
  const out = formatted(crlf);
  assert.equal(out, 'model A {\r\n  hidden { cell: gru }  # the core\r\n}\r\n');
  assert.equal(formatted(out), out);
});
