// The one place that knows the vector width. Everything else is written
// against `vf` (VLANES floats) with GCC/clang vector extensions, so the same
// source compiles to WebAssembly simd128 (4 lanes, dist/kernels.wasm) and to
// the host's SSE (4 lanes) or AVX (8 lanes) in the native addon.
#ifndef RNN_KERNELS_SIMD_H
#define RNN_KERNELS_SIMD_H

#if defined(__AVX512F__) && !defined(__wasm__)
#define VLANES 16
#elif defined(__AVX__) && !defined(__wasm__)
#define VLANES 8
#else
#define VLANES 4
#endif

typedef float vf __attribute__((vector_size(VLANES * 4)));
typedef int vi __attribute__((vector_size(VLANES * 4)));
// Same vectors at float alignment: loads and stores at any float address.
typedef float vf_unaligned __attribute__((vector_size(VLANES * 4), aligned(4)));

static inline __attribute__((always_inline)) vf vload(const float *p) { return *(const vf_unaligned *)p; }
static inline __attribute__((always_inline)) void vstore(float *p, vf v) { *(vf_unaligned *)p = v; }
// Not `(vf){0} + x`: without fast-math 0 + x is an add the compiler must keep.
#if VLANES == 16
static inline __attribute__((always_inline)) vf vsplat(float x) { return (vf){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
#elif VLANES == 8
static inline __attribute__((always_inline)) vf vsplat(float x) { return (vf){x, x, x, x, x, x, x, x}; }
#else
static inline __attribute__((always_inline)) vf vsplat(float x) { return (vf){x, x, x, x}; }
#endif

// Lane by lane with constant indices, in order: a loop over the lanes may be
// left rolled, and a rolled loop indexes the vector through memory, i.e. the
// stack, which the two WebAssembly instances share (kernel-threads.ts): two
// halves of a batch summing at once read each other's lanes.
static inline __attribute__((always_inline)) float vsum(vf v) {
  float s = 0.0f;
  s += v[0]; s += v[1]; s += v[2]; s += v[3];
#if VLANES >= 8
  s += v[4]; s += v[5]; s += v[6]; s += v[7];
#endif
#if VLANES >= 16
  s += v[8]; s += v[9]; s += v[10]; s += v[11]; s += v[12]; s += v[13]; s += v[14]; s += v[15];
#endif
  return s;
}

#ifdef __wasm__
#include <wasm_simd128.h>
// pmin/pmax are one instruction each (one SSE min/max under V8).
static inline __attribute__((always_inline)) vf vmin(vf a, vf b) { return (vf)wasm_f32x4_pmin((v128_t)a, (v128_t)b); }
static inline __attribute__((always_inline)) vf vmax(vf a, vf b) { return (vf)wasm_f32x4_pmax((v128_t)a, (v128_t)b); }
#else
// Comparisons give all-ones lanes; selecting through the bits keeps these
// one compare + one blend (no NaN handling is needed for clamping).
static inline __attribute__((always_inline)) vf vmin(vf a, vf b) {
  vi take_a = a < b;
  return (vf)(((vi)a & take_a) | ((vi)b & ~take_a));
}
static inline __attribute__((always_inline)) vf vmax(vf a, vf b) {
  vi take_a = a > b;
  return (vf)(((vi)a & take_a) | ((vi)b & ~take_a));
}
#endif


#endif
