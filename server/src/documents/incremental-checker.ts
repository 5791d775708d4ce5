// Checks a large file model by model and reuses the result of every model
// whose text did not change, so an edit costs one model's check instead of
// the whole file's. The result equals a whole-file check: models are
// independent except for rules across models (two models with one name, a
// file without a model, a model that extends another) and parses that run
// into the next model (a missing `}`), and when those could apply the whole
// file is checked.
// A model that names data files is checked every time (the files may change).
// A document seen for the first time (just opened) is checked whole, which
// is faster than model by model, and its models are checked one by one
// afterwards, a few at a time while the server is idle, for the next edit.
import type { CheckResult } from '../../../core/src/language';
import type { Position } from '../../../core/src/language';
import { modelCuts } from '../../../core/src/language';
import { isPathType } from '../../../core/src/language';
import { walk } from '../../../core/src/language';
import type { Analyzer } from './analyzed-document';

interface Piece {
  text: string;
  /** It names data files, whose contents may change while its text does not: it is checked again every time. */
  readsFiles: boolean;
  /** The piece checked on its own; its positions are moved to wherever the piece now is in the file. */
  result: CheckResult;
  /**
   * Every position object in `result` (syntax tree, diagnostics and their
   * related locations), to move them all without walking the result again.
   * Messages hold no positions, so moving these is all a piece needs.
   */
  positions: Position[];
  /** Where the piece is now: the offset and line its positions are relative to. */
  at: { offset: number; line: number };
}

/** Below this many models a file is checked whole: there is nothing worth reusing. */
const MIN_MODELS = 4;
/** Models checked per turn while preparing a document's pieces: a request waits for one turn at most. */
const PIECES_PER_TURN = 4;
/** The preparation starts this long after the first check: what an editor asks for on opening a file comes first, and few edit so soon. */
const PREPARE_AFTER_MS = 1_000;
/** Between two turns the server rests this long, so that requests waiting in line pass before the next turn. */
const TURN_GAP_MS = 4;

export class IncrementalChecker {
  /** Pieces of the last check of each document, by their text. */
  private readonly pieces = new Map<string, Map<string, Piece>>();
  /** The text whose pieces are being prepared, per document; another text (or none) stops the preparation. */
  private readonly preparing = new Map<string, string>();

  constructor(
    private readonly checkWhole: (text: string, path: string | undefined) => CheckResult,
    /** Runs a turn of idle work `afterMs` later; tests may run it at once. */
    private readonly later: (work: () => void, afterMs: number) => void = (work, afterMs) => setTimeout(work, afterMs),
  ) {}

  /** Checks `text`, reusing the unchanged models of the last check of the document `uri`. */
  readonly analyze: Analyzer = (text, path, uri) => {
    const cuts = modelCuts(text);
    // The first cut is the start of the text; the first model stays with what precedes it.
    cuts.splice(1, 1);
    if (cuts.length < MIN_MODELS) return this.checkWhole(text, path);
    // Per document: a piece is moved in place, so two documents must never share one.
    const previous = this.pieces.get(uri);
    if (!previous) {
      this.pieces.set(uri, new Map());
      this.prepareLater(text, path, uri, cuts);
      return this.checkWhole(text, path);
    }
    this.preparing.delete(uri);
    const current = new Map<string, Piece>();
    const placed: CheckResult[] = [];
    let open = false;
    let line = 0;
    for (let i = 0; i < cuts.length; i++) {
      const pieceText = text.slice(cuts[i], cuts[i + 1] ?? text.length);
      const reusable = current.get(pieceText) ?? previous.get(pieceText);
      const piece = reusable && !reusable.readsFiles ? reusable : checkPiece(pieceText, path, this.checkWhole);
      current.set(pieceText, piece);
      open ||= i < cuts.length - 1 && endsOpen(piece);
      placed.push(place(piece, cuts[i], line));
      line += piece.result.file.range.end.line - piece.at.line;
    }
    this.pieces.set(uri, current);
    return open || crossesModels(placed) ? this.checkWhole(text, path) : merge(text, placed);
  };

  /** Forget the pieces of a closed document. */
  forget(uri: string): void {
    this.pieces.delete(uri);
    this.preparing.delete(uri);
  }

  /** Checks the models of `text` one by one, a few per turn, until they are all there or the document changes. */
  private prepareLater(text: string, path: string | undefined, uri: string, cuts: number[]): void {
    this.preparing.set(uri, text);
    let next = 0;
    const turn = () => {
      const pieces = this.pieces.get(uri);
      if (this.preparing.get(uri) !== text || !pieces) return;
      for (const end = Math.min(cuts.length, next + PIECES_PER_TURN); next < end; next++) {
        const pieceText = text.slice(cuts[next], cuts[next + 1] ?? text.length);
        if (!pieces.has(pieceText)) pieces.set(pieceText, checkPiece(pieceText, path, this.checkWhole));
      }
      if (next < cuts.length) this.later(turn, TURN_GAP_MS);
      else this.preparing.delete(uri);
    };
    this.later(turn, PREPARE_AFTER_MS);
  }
}

function checkPiece(text: string, path: string | undefined, check: (text: string, path: string | undefined) => CheckResult): Piece {
  const result = check(text, path);
  let readsFiles = false;
  // Only a string names a file, and most models name none: those need no walk over their tree.
  if (text.includes('"')) walk(result.file, {
    property: ({ property, schema }) => {
      if (property.value?.kind === 'string' && schema && isPathType(schema.type)) readsFiles = true;
    },
  });
  return { text, readsFiles, result, positions: positionsIn(result), at: { offset: 0, line: 0 } };
}

/** Every distinct { line, character, offset } object reachable from `value`. */
function positionsIn(value: unknown): Position[] {
  const seen = new Set<object>();
  const positions: Position[] = [];
  const visit = (v: unknown) => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    const record = v as Record<string, unknown>;
    if (typeof record.line === 'number' && typeof record.character === 'number' && typeof record.offset === 'number') {
      positions.push(v as Position);
      return;
    }
    for (const key in record) visit(record[key]);
  };
  visit(value);
  return positions;
}

/**
 * A piece whose parse ran into its end (an unclosed model or bracket) would
 * meet the next model in the whole file instead: the two parses differ.
 */
function endsOpen(piece: Piece): boolean {
  return piece.result.diagnostics.some((d) => d.range.end.offset - piece.at.offset >= piece.text.length);
}

/** Whether a rule across models could apply: a piece without a model, one model name in two pieces, an `extends`. */
function crossesModels(results: CheckResult[]): boolean {
  const names = new Set<string>();
  for (const result of results) {
    if (result.file.models.length === 0 || result.diagnostics.some((d) => d.code === 'no-model')) return true;
    if (result.file.models.some((model) => model.extends)) return true;
    const own = new Set(result.file.models.map((m) => m.name?.name ?? ''));
    for (const name of own) {
      if (names.has(name)) return true;
      names.add(name);
    }
  }
  return false;
}

/**
 * Moves a piece's positions to where it now is. The result is moved in place:
 * the checker owns it, and only the latest version of a document is ever read.
 */
function place(piece: Piece, offset: number, line: number): CheckResult {
  if (piece.at.offset === offset && piece.at.line === line) return piece.result;
  const offsetDelta = offset - piece.at.offset;
  const lineDelta = line - piece.at.line;
  for (const position of piece.positions) {
    position.offset += offsetDelta;
    position.line += lineDelta;
  }
  piece.at = { offset, line };
  return piece.result;
}

function merge(text: string, results: CheckResult[]): CheckResult {
  const last = results[results.length - 1];
  return {
    file: {
      kind: 'file',
      text,
      models: results.flatMap((r) => r.file.models),
      comments: results.flatMap((r) => r.file.comments),
      range: { start: { line: 0, character: 0, offset: 0 }, end: last.file.range.end },
    },
    diagnostics: results.flatMap((r) => r.diagnostics),
    models: results.flatMap((r) => r.models),
  };
}
