// The prebuilt variants of the native addon: one build per instruction set
// (native/binding.gyp), laid out as native/prebuilds/<platform>-<arch>/
// rnn_kernels.<variant>.node by native/build.mjs and shipped in the .vsix.
// Separate files rather than function multi-versioning (target_clones):
// kernels/src picks its vector type's width at compile time (simd.h), so a
// clone inside one build would keep the narrow vectors; a whole build per
// instruction set gets the wide ones with no change to the kernels.
import { join } from 'node:path';

export interface NativeVariant {
  readonly name: string;
  /** CPU features it was compiled for (binding.gyp's -m flags), as the addon's `cpu` names them. */
  readonly needs: readonly string[];
}

const BASELINE: NativeVariant = { name: 'baseline', needs: [] };

/** Per architecture, widest first: the loader takes the first the CPU runs. */
const VARIANTS_BY_ARCH: Partial<Record<NodeJS.Architecture, readonly NativeVariant[]>> = {
  x64: [
    { name: 'avx512', needs: ['avx2', 'fma', 'avx512f', 'avx512vl', 'avx512bw', 'avx512dq'] },
    { name: 'avx2', needs: ['avx2', 'fma'] },
    BASELINE,
  ],
};

/** The variants built for this platform's architecture, widest first; the last, the baseline, runs on every CPU of it. */
export function nativeVariants(): readonly NativeVariant[] {
  return VARIANTS_BY_ARCH[process.arch] ?? [BASELINE];
}

export const BASELINE_VARIANT = BASELINE.name;

/** Where a package root keeps its prebuilt addons for this platform (prebuildify's folder naming). */
export function prebuiltFolder(root: string): string {
  return join(root, 'native', 'prebuilds', `${process.platform}-${process.arch}`);
}

export function prebuiltVariantPath(root: string, variant: string): string {
  return join(prebuiltFolder(root), `rnn_kernels.${variant}.node`);
}

/** The features a variant needs that the CPU (as the baseline build reports it) lacks. */
export function missingFeatures(variant: NativeVariant, cpu: Readonly<Record<string, boolean>> | undefined): string[] {
  return variant.needs.filter((feature) => cpu?.[feature] !== true);
}
