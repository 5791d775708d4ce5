// Signature help inside a call: `adam(` shows every argument with its default
// and documentation, the one being written highlighted.
import type { Position, SignatureHelp } from 'vscode-languageserver';
import { callContext } from '../../../core/src/language';
import { describeProperty, docText, signatureParts } from '../../../core/src/language';
import { findFunction, propertyAt } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { SignatureHelpProvider } from '../language-services';
import { markdown } from './completion-items';

export class CallSignatureHelpProvider implements SignatureHelpProvider {
  readonly triggerCharacters = ['(', ','];

  signatureHelp(document: AnalyzedDocument, position: Position): SignatureHelp | null {
    const call = callContext(document.text, document.offsetAt(position));
    const owner = call && propertyAt(call.slot.path, call.slot.key);
    const fn = owner && findFunction(owner.type, call.callee);
    if (!fn) return null;
    const { label, parameters } = signatureParts(fn);
    // The argument being written, else the first one not given yet.
    const active = call.key !== undefined
      ? fn.args.findIndex((a) => a.key === call.key)
      : fn.args.findIndex((a) => !call.present.includes(a.key));
    return {
      signatures: [{
        label,
        documentation: markdown(docText(fn.doc)),
        parameters: fn.args.map((arg, i) => ({ label: parameters[i], documentation: markdown(describeProperty(arg, `${fn.name}(...)`)) })),
      }],
      activeSignature: 0,
      activeParameter: active >= 0 ? active : undefined,
    };
  }
}
