// A real LSP client for the tests: starts the built server (dist/server.js)
// as a child process and talks to it over stdio.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest,
  PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams, type Registration, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { newestSource } from '../helpers/newest-source';

export const root = join(import.meta.dirname, '..', '..');
const serverPath = join(root, 'dist', 'server.js');

/** Builds the bundles when dist/server.js is missing or older than its sources (`npm test` builds first anyway). */
export async function ensureBuilt(): Promise<void> {
  const fresh = () => existsSync(serverPath) && newestSource(root, ['server/src', 'core/src']) <= statSync(serverPath).mtimeMs;
  if (fresh()) return;
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // Another bundle may fail to build while the server's succeeded; only the server matters here.
    if (!fresh()) throw error;
  }
}

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

/** Text with `<|>` markers: the text without them and the marker offsets. */
export function markers(marked: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  const parts = marked.split('<|>');
  parts.forEach((part, i) => {
    text += part;
    if (i < parts.length - 1) offsets.push(text.length);
  });
  return { text, offsets };
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export class TestClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  readonly logs: string[] = [];
  readonly serverRequests: string[] = [];
  /** What the server registered (file watchers), in order. */
  readonly registrations: Registration[] = [];
  exited = false;

  private constructor(child: ChildProcess) {
    this.child = child;
    child.on('exit', () => {
      this.exited = true;
    });
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      for (const wake of this.waiters.splice(0)) wake();
    });
    // Requests from the server (a file watcher registration, refreshes): recorded and accepted.
    for (const method of ['client/registerCapability', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
      this.connection.onRequest(method, (params: unknown) => {
        this.serverRequests.push(method);
        if (method === 'client/registerCapability') this.registrations.push(...((params as { registrations?: Registration[] })?.registrations ?? []));
        return null;
      });
    }
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.listen();
  }

  static async start(
    initializationOptions: Record<string, unknown> = { diagnosticsDelay: 20 },
    capabilities: Record<string, unknown> = {},
    clientInfo?: { name: string },
    /** `initialize`'s locale, as VS Code sends its display language; absent, the server speaks English. */
    locale?: string,
  ): Promise<TestClient> {
    await ensureBuilt();
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const client = new TestClient(child);
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(root),
      capabilities,
      clientInfo,
      locale,
      initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'rnn', version: 1, text },
    });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async replace(uri: string, text: string): Promise<number> {
    return this.change(uri, [{ text }]);
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The next diagnostics published for `uri` that satisfy `accept` (default: any), within `timeoutMs`. */
  async diagnosticsFor(
    uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.diagnostics.get(uri) ?? []).find(accept);
      if (found) return found.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Diagnostics of exactly this version of the document. */
  diagnosticsOfVersion(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnosticsFor(uri, (p) => p.version === version);
  }

  published(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  /** Every document that diagnostics were published for. */
  publishedUris(): string[] {
    return [...this.diagnostics.keys()];
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone; it is killed below either way.
      }
    }
    const exited = new Promise<void>((resolve) => (this.exited ? resolve() : this.child.once('exit', () => resolve())));
    const timer = setTimeout(() => this.child.kill(), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const offsetOf = (p: { line: number; character: number }) => {
    let offset = 0;
    for (let line = 0; line < p.line; line++) {
      const next = text.indexOf('\n', offset);
      if (next < 0) return text.length;
      offset = next + 1;
    }
    return Math.min(offset + p.character, text.length);
  };
  const resolved = edits.map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), newText: e.newText }));
  resolved.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const e of resolved) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}
