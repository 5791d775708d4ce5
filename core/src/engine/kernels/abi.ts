// The fused kernels' calling convention, written once. The C side
// (kernels/src/recurrent.h: prototypes, activation ids, flag bits, the cache
// and workspace layouts, the native addon's argument unpacking) is generated
// from this table by scripts/gen-kernel-abi.ts; the TypeScript side
// (recurrent-kernels.ts) names every argument of a call as typed here and the
// machines put them in the table's order. The ABI number both sides check is
// a hash of the table, so a build from an older table is refused without
// anyone remembering to bump it.
//
// Sizes are counts of floats written as products in the C identifiers T
// (time steps), B (batch rows of the call), F (features), U (units), C
// (classes of the output layer), NG (U times the cell's weight blocks) and
// GEMM_KC, so the same text is a C expression and is evaluated here.

type Formula = string;

/** One piece of a buffer the caller allocates and the kernel carves up. */
interface Part {
  readonly name: string;
  readonly floats: Formula;
  readonly note?: string;
}

interface IntArgument {
  readonly name: string;
  readonly kind: 'int';
  readonly note: string;
}

interface BufferArgument {
  readonly name: string;
  /** `in`: read only (const float *); `out`: written by the kernel. */
  readonly kind: 'in' | 'out';
  /** A product formula, or the cell's cache / the entry's workspace layout. */
  readonly floats: Formula | 'cache' | 'work';
  /** May be byte offset 0 (NULL: absent). */
  readonly optional?: boolean;
  readonly note: string;
}

type Argument = IntArgument | BufferArgument;

interface EntryTable {
  readonly name: string;
  /** The recurrent cell it runs; absent for the output layer's entry. */
  readonly cell?: 'rnn' | 'lstm' | 'gru';
  readonly args: readonly Argument[];
  readonly work: readonly Part[];
}

const int = <const N extends string>(name: N, note: string) => ({ name, kind: 'int', note }) as const;
const input = <const N extends string>(name: N, floats: Formula, note: string, optional = false) =>
  ({ name, kind: 'in', floats, note, ...(optional ? { optional: true } : {}) }) as const;
const output = <const N extends string>(name: N, floats: Formula, note: string, optional = false) =>
  ({ name, kind: 'out', floats, note, ...(optional ? { optional: true } : {}) }) as const;
const part = (name: string, floats: Formula, note?: string): Part => (note ? { name, floats, note } : { name, floats });

const T = int('T', 'time steps');
const B = int('B', 'sequences in this call (one part of a batch)');
const F = int('F', 'features per step');
const U = int('U', 'units');
const FLAGS = int('flags', "the cell's flag bits below");
const ACT = int('act', 'activation id of the candidate / state');
const GACT = int('gact', 'activation id of the gates');
const X = input('x', 'B*T*F', 'input sequences, batch-major (NULL when xi is given)', true);
const XI = input(
  'xi',
  'B*T',
  "one-hot input instead of x, batch-major: per step the index of x's single 1 as a float, negative for a step whose x is all zeros (NULL: x is dense)",
  true,
);
const W = input('W', 'F*NG', 'kernel, tfjs-layers layout');
const R = input('R', 'U*NG', 'recurrent kernel, tfjs-layers layout');
const BIAS = input('bias', 'NG', 'bias (NULL: none)', true);
const PEEP = input('peep', '3*U', 'peephole weights: input, forget, output blocks (NULL: none)', true);
const RMASK = input('rmask', 'B*U', 'recurrent dropout mask (NULL: none)', true);
const SMASK = input('smask', 'B*T', 'step mask, batch-major: 1 a real step, 0 padding that carries the state through (NULL: every step is real)', true);
const OUT = output('out', 'B*T*U', 'output sequences, batch-major (NULL: not wanted; the states are in the cache, the last one at its last step)', true);
const CACHE_OUT = { name: 'cache', kind: 'out', floats: 'cache', note: 'kept for the backward pass' } as const;
const CACHE_IN = { name: 'cache', kind: 'in', floats: 'cache', note: "the forward pass's cache" } as const;
const DOUT = input('dout', 'B*T*U', 'gradient of the output sequences (NULL: only the last step has one, in dlast)', true);
const DLAST = input('dlast', 'B*U', "gradient of the last step's output when dout is NULL (a model that predicts after the last step)", true);
const DX = output('dx', 'B*T*F', 'gradient of the inputs (NULL: not wanted)', true);
const DW = output('dW', 'F*NG', 'gradient of the kernel');
const DR = output('dR', 'U*NG', 'gradient of the recurrent kernel');
const DB = output('db', 'NG', 'gradient of the bias (NULL: not wanted)', true);
const DPEEP = output('dpeep', '3*U', 'gradient of the peepholes (NULL: not wanted)', true);
const DHSQ = output(
  'dhsq',
  '2*T',
  'per step t, the sum over the batch and units of (dL/dh_t)² where dL/dh_t is the total gradient of the state (its output\'s plus what flows back from t+1), as T doubles (NULL: not wanted)',
  true,
);
const WORK = { name: 'work', kind: 'out', floats: 'work', note: 'scratch, layout below' } as const;

/** Packing space of the long weight-gradient multiply (gemm_tn_packing). */
const packing = (columns: Formula) => part('packing', `GEMM_KC*${columns}`, 'packing space of the weight-gradient multiply');

export const KERNEL_ABI = {
  /** Activation ids: the index in this list (kernels/src/math.h implements them). */
  activations: ['linear', 'tanh', 'sigmoid', 'hard_sigmoid', 'relu', 'elu', 'selu'],
  /** Rows of one packed block of a long multiply (kernels/src/gemm.h); the workspaces hold such blocks. */
  gemmKc: 256,
  cells: {
    rnn: { blocks: 1, flags: [], cache: [part('H', 'T*B*U', 'states, time-major')] },
    lstm: {
      blocks: 4,
      // Flag bit i = 1 << i. The gates come first, in the schema's order.
      flags: ['input_gate', 'forget_gate', 'output_gate', 'coupled', 'peepholes'],
      cache: [part('H', 'T*B*U', 'states'), part('C', 'T*B*U', 'cell states'), part('G', 'T*B*NG', 'activated i, f, candidate, o')],
    },
    gru: {
      blocks: 3,
      flags: ['update_gate', 'reset_gate'],
      cache: [
        part('H', 'T*B*U', 'states'),
        part('G', 'T*B*NG', 'activated z, r, hh'),
        part('RH', 'T*B*U', 'r∘h_prev (h_prev masked when there is a mask)'),
      ],
    },
  },
  entries: [
    {
      name: 'rnn_forward',
      cell: 'rnn',
      args: [T, B, F, U, ACT, X, XI, W, R, BIAS, RMASK, SMASK, OUT, CACHE_OUT, WORK],
      work: [part('Rp', 'U*U', 'packed R'), part('HM', 'B*U', 'masked state'), part('zeros', 'B*U', 'the state before the first step')],
    },
    {
      name: 'rnn_backward',
      cell: 'rnn',
      args: [T, B, F, U, ACT, X, XI, W, R, RMASK, SMASK, CACHE_IN, DOUT, DLAST, DX, DW, DR, DB, DHSQ, WORK],
      work: [
        part('dG', 'T*B*U'),
        part('dh', 'B*U'),
        part('RT', 'U*U'),
        part('WT', 'U*F'),
        part('RTp', 'U*U', 'packed RT'),
        packing('U'),
        part('HM', 'T*B*U', 'masked states'),
        part('dcarry', 'B*U', 'state gradient carried over padded steps'),
      ],
    },
    {
      name: 'lstm_forward',
      cell: 'lstm',
      args: [T, B, F, U, FLAGS, ACT, GACT, X, XI, W, R, BIAS, PEEP, RMASK, SMASK, OUT, CACHE_OUT, WORK],
      work: [part('zeros', 'B*U'), part('actc', 'U', 'act(c)'), part('Rp', 'U*NG', 'packed R'), part('HM', 'B*U', 'masked state')],
    },
    {
      name: 'lstm_backward',
      cell: 'lstm',
      args: [T, B, F, U, FLAGS, ACT, GACT, X, XI, W, R, PEEP, RMASK, SMASK, CACHE_IN, DOUT, DLAST, DX, DW, DR, DB, DPEEP, DHSQ, WORK],
      work: [
        part('dG', 'T*B*NG'),
        part('dh', 'B*U'),
        part('dc', 'B*U'),
        part('zeros', 'B*U'),
        part('actc', 'U', 'act(c)'),
        part('s_tc', 'U', 'slopes of act(c)'),
        part('s_o', 'U'),
        part('s_i', 'U'),
        part('s_f', 'U'),
        part('s_c', 'U'),
        part('noPeep', '3*U', 'zero peepholes'),
        part('dpeepSink', '3*U', 'peephole gradients nobody wants'),
        part('RT', 'NG*U'),
        part('WT', 'NG*F'),
        part('RTp', 'NG*U', 'packed RT'),
        packing('NG'),
        part('HM', 'T*B*U', 'masked states'),
        part('dcarry', 'B*U', 'state gradient carried over padded steps'),
      ],
    },
    {
      name: 'gru_forward',
      cell: 'gru',
      args: [T, B, F, U, FLAGS, ACT, GACT, X, XI, W, R, BIAS, RMASK, SMASK, OUT, CACHE_OUT, WORK],
      work: [part('zeros', 'B*U'), part('Rzr', '2*U*U', 'packed R z,r'), part('Rh', 'U*U', 'packed R h'), part('HM', 'B*U', 'masked state')],
    },
    {
      name: 'gru_backward',
      cell: 'gru',
      args: [T, B, F, U, FLAGS, ACT, GACT, X, XI, W, R, RMASK, SMASK, CACHE_IN, DOUT, DLAST, DX, DW, DR, DB, DHSQ, WORK],
      work: [
        part('dG', 'T*B*NG'),
        part('dh', 'B*U'),
        part('drh', 'B*U'),
        part('zeros', 'B*U'),
        part('RT', 'NG*U'),
        part('WT', 'NG*F'),
        part('s_z', 'U'),
        part('s_h', 'U'),
        part('s_r', 'U'),
        part('RTzr', '2*U*U', 'packed RT z,r'),
        part('RTh', 'U*U', 'packed RT h'),
        packing('NG'),
        part('HM', 'T*B*U', 'masked states'),
        part('dmasked', 'B*U', 'masked gradient'),
      ],
    },
    {
      // The output layer of a model that predicts at every step, with its softmax and the sparse cross-entropy
      // (kernels/src/output.c): the loss, the metric and, when dh is given, every gradient in one call.
      name: 'softmax_xent',
      args: [
        T,
        B,
        U,
        int('C', 'classes'),
        input('h', 'B*T*U', "the recurrent layer's outputs at every step, batch-major"),
        input('Wo', 'U*C', 'kernel of the output layer'),
        input('bo', 'C', 'bias of the output layer'),
        input('targets', 'B*T', 'class index of every step, as floats'),
        SMASK,
        input('scale', '1', 'factor of every gradient: dL/dloss over the number of real steps of the whole batch'),
        output('stats', '4', 'two doubles: Σ over the real steps of the loss, and of 1 where the largest logit is the target'),
        output('dh', 'B*T*U', 'gradient of h (NULL: the loss and the metric only, no gradient)', true),
        output('dWo', 'U*C', 'gradient of the kernel (written when dh is)', true),
        output('dbo', 'C', 'gradient of the bias (written when dh is)', true),
        WORK,
      ],
      // Rows are taken GEMM_KC at a time, class-major, so the softmax runs across rows in vector lanes and every
      // multiply has 128+ columns (C = 65 would leave one column of every multiply to scalar code).
      work: [
        part('HT', 'U*GEMM_KC', "a block of h's rows transposed, packed as the logits multiply reads it"),
        part('HP', 'U*GEMM_KC', "the same rows packed as the kernel's gradient multiply reads them"),
        part(
          'Z',
          'C*GEMM_KC + 16*C + 4*GEMM_KC + 64',
          'logits of the block, class-major (rows GEMM_KC + 16 apart), then the softmax, then its gradient; 4 more rows: per step max, sum, target logit, argmax',
        ),
        part('WT', 'C*U', 'the kernel transposed'),
        part('WTp', 'C*U', 'the same, packed'),
        part('dWT', 'C*U', "the kernel's gradient, transposed"),
      ],
    },
  ],
} as const satisfies {
  activations: readonly string[];
  gemmKc: number;
  cells: Record<NonNullable<EntryTable['cell']>, { blocks: number; flags: readonly string[]; cache: readonly Part[] }>;
  entries: readonly EntryTable[];
};

export type KernelCell = keyof typeof KERNEL_ABI.cells;
/** Entry points that run a recurrent cell (the others have no cell and no cache). */
export type CellEntryName = Extract<(typeof KERNEL_ABI.entries)[number], { cell: KernelCell }>['name'];
type EntryRow = (typeof KERNEL_ABI.entries)[number];
export type KernelEntryName = EntryRow['name'];
type ArgumentName<N extends KernelEntryName> = Extract<EntryRow, { name: N }>['args'][number]['name'];
/** Every argument of entry N by name: integers, and byte offsets into the kernels' memory (0 = none). */
export type KernelArguments<N extends KernelEntryName = KernelEntryName> = Record<ArgumentName<N>, number>;

/** Symbols a size formula may use, in the order floatsOf takes them. */
export const FORMULA_SYMBOLS = ['T', 'B', 'F', 'U', 'C'] as const;
const SYMBOLS = FORMULA_SYMBOLS;

/** A size formula resolved for one cell: a sum of coefficient × product of symbol indices. */
interface Term {
  coefficient: number;
  symbols: number[];
}

/** Parses `a*b + c*d` (products of integers, T, B, F, U, C, NG and GEMM_KC) for a cell with `blocks` weight blocks. */
export function parseFormula(formula: Formula, blocks: number): Term[] {
  return formula.split('+').map((product) => {
    const term: Term = { coefficient: 1, symbols: [] };
    for (const factor of product.split('*').map((f) => f.trim())) {
      if (/^\d+$/.test(factor)) term.coefficient *= Number(factor);
      else if (factor === 'GEMM_KC') term.coefficient *= KERNEL_ABI.gemmKc;
      else if (factor === 'NG') {
        term.coefficient *= blocks;
        term.symbols.push(SYMBOLS.indexOf('U'));
      } else {
        const at = SYMBOLS.indexOf(factor as (typeof SYMBOLS)[number]);
        if (at < 0) throw new Error(`kernel ABI: unknown symbol "${factor}" in "${formula}"`);
        term.symbols.push(at);
      }
    }
    return term;
  });
}

/** The floats of a resolved formula: a loop over a few terms, no allocation (it runs for every call). */
export function floatsOf(terms: readonly Term[], T: number, B: number, F: number, U: number, C = 0): number {
  let total = 0;
  for (const term of terms) {
    let value = term.coefficient;
    for (const symbol of term.symbols) value *= symbol === 0 ? T : symbol === 1 ? B : symbol === 2 ? F : symbol === 3 ? U : C;
    total += value;
  }
  return total;
}

const sumOf = (parts: readonly Part[]): Formula => parts.map((p) => p.floats).join(' + ');

/** One entry point, resolved once at load: what a machine needs to call it and the caller to size it. */
export interface KernelEntry<N extends KernelEntryName = KernelEntryName> {
  readonly name: N;
  /** Its index in KERNEL_ABI.entries: the id the native addon dispatches on. */
  readonly id: number;
  /** The cell it runs, or null (the output layer's entry). */
  readonly cell: KernelCell | null;
  /** Argument names in the C order (integers first, then buffers). */
  readonly order: readonly string[];
  readonly cacheTerms: readonly Term[];
  readonly workTerms: readonly Term[];
}

export const KERNEL_ENTRIES: readonly KernelEntry[] = KERNEL_ABI.entries.map((row: EntryTable, id) => {
  const cell = row.cell ? KERNEL_ABI.cells[row.cell] : null;
  const blocks = cell?.blocks ?? 1;
  return {
    name: row.name as KernelEntryName,
    id,
    cell: row.cell ?? null,
    order: row.args.map((a) => a.name),
    cacheTerms: cell ? parseFormula(sumOf(cell.cache), blocks) : [],
    workTerms: parseFormula(sumOf(row.work), blocks),
  };
});

export function kernelEntry<N extends KernelEntryName>(name: N): KernelEntry<N> {
  const entry = KERNEL_ENTRIES.find((e) => e.name === name);
  if (!entry) throw new Error(`kernel ABI: no entry point ${name}`);
  // The table row named N is the entry resolved from it.
  return entry as unknown as KernelEntry<N>;
}

/** A call of one entry point: its arguments by name (kernelCall checks them against the entry). */
export interface KernelCall {
  readonly entry: KernelEntry;
  readonly args: Readonly<Record<string, number>>;
}

/** A call of `entry`: the compiler holds `args` to exactly the entry's arguments, none missing, none extra. */
export function kernelCall<N extends KernelEntryName>(entry: KernelEntry<N>, args: KernelArguments<N>): KernelCall {
  return { entry, args };
}

/** Writes a call's arguments in the C order into `target` from `start` (an array, or a machine's argument block). */
export function writeArguments(call: KernelCall, target: { [index: number]: number }, start: number): void {
  const { args } = call;
  const order = call.entry.order;
  for (let i = 0; i < order.length; i++) target[start + i] = args[order[i]];
}

/** Bit of a cell flag (`coupled`, `peepholes`, `<gate>_gate`) in an entry's `flags` argument. */
export function kernelFlagBit(cell: KernelCell, flag: string): number {
  const at = (KERNEL_ABI.cells[cell].flags as readonly string[]).indexOf(flag);
  if (at < 0) throw new Error(`kernel ABI: the ${cell} cell has no flag ${flag}`);
  return 1 << at;
}

/**
 * The ABI number: FNV-1a of the table's facts (notes left out: they change no
 * call), 31 bits so C and wasm hold it as a positive int.
 */
export function kernelAbiNumber(table: unknown = KERNEL_ABI): number {
  const text = JSON.stringify(table, (key, value) => (key === 'note' ? undefined : value));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}
