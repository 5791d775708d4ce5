// The case of issue 9: a file of five models whose last one repeats `loss:`.
// The whole-file check and the language server's model-by-model check once
// reported it at different lines; the CLI, the checker and the server tests
// all use this file to show they agree.

const NAMES = ['A', 'B', 'C', 'D', 'E'];

function model(name: string, repeatsLoss: boolean): string {
  const repeat = repeatsLoss ? '  loss: mae\n' : '';
  return `model ${name} {\n  data: sine(samples: 500)\n  input { timesteps: 10 }\n  hidden { units: [8] }\n  loss: mse\n${repeat}}\n`;
}

/** Five models; only the last gives `loss:` twice. */
export const REPEATED_LOSS_FILE = NAMES.map((name) => model(name, name === 'E')).join('\n');

/** 0-based line and column of the nth `loss:` (0-based n) of `text`. */
function lossAt(text: string, n: number): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf('loss:', offset + 1);
  if (offset < 0) throw new Error(`the text has fewer than ${n + 1} \`loss:\``);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Where the duplicate is reported, and where the first `loss:` of its model is, in `text` (a version of REPEATED_LOSS_FILE). */
export function repeatedLoss(text: string): { duplicate: { line: number; character: number }; first: { line: number; character: number } } {
  const count = text.split('loss:').length - 1;
  return { duplicate: lossAt(text, count - 1), first: lossAt(text, count - 2) };
}
