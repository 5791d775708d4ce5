// Single-precision matrix multiply for the recurrent kernels, simd128.
// C[M,N] += op(A)[M,K] · B[K,N], all row-major with explicit leading
// dimensions so callers can address one gate block or one time step of a
// larger buffer without copying. op(A) = A, or Aᵀ when A is stored [K,M].
// Register tile 4x8 (8 accumulators + 2 B vectors + 1 broadcast fit the 16
// xmm registers V8 has on x86-64); K is split into panels that stay in L1/L2.
#ifndef RNN_KERNELS_GEMM_H
#define RNN_KERNELS_GEMM_H

#include <wasm_simd128.h>

#define GEMM_KC 256

static inline float a_at(int transA, const float *A, int lda, int m, int k) {
  return transA ? A[k * lda + m] : A[m * lda + k];
}

static inline __attribute__((always_inline)) void tile_4x8(int transA, int kc, const float *A, int lda, int i, int k0,
                                                           const float *B, int ldb, float *C, int ldc) {
  float *c0 = C + i * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
  v128_t s00 = wasm_v128_load(c0), s01 = wasm_v128_load(c0 + 4);
  v128_t s10 = wasm_v128_load(c1), s11 = wasm_v128_load(c1 + 4);
  v128_t s20 = wasm_v128_load(c2), s21 = wasm_v128_load(c2 + 4);
  v128_t s30 = wasm_v128_load(c3), s31 = wasm_v128_load(c3 + 4);
  for (int k = k0; k < k0 + kc; k++) {
    const float *b = B + k * ldb;
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t a;
    a = wasm_f32x4_splat(a_at(transA, A, lda, i, k));
    s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(a, b0));
    s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(a, b1));
    a = wasm_f32x4_splat(a_at(transA, A, lda, i + 1, k));
    s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(a, b0));
    s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(a, b1));
    a = wasm_f32x4_splat(a_at(transA, A, lda, i + 2, k));
    s20 = wasm_f32x4_add(s20, wasm_f32x4_mul(a, b0));
    s21 = wasm_f32x4_add(s21, wasm_f32x4_mul(a, b1));
    a = wasm_f32x4_splat(a_at(transA, A, lda, i + 3, k));
    s30 = wasm_f32x4_add(s30, wasm_f32x4_mul(a, b0));
    s31 = wasm_f32x4_add(s31, wasm_f32x4_mul(a, b1));
  }
  wasm_v128_store(c0, s00); wasm_v128_store(c0 + 4, s01);
  wasm_v128_store(c1, s10); wasm_v128_store(c1 + 4, s11);
  wasm_v128_store(c2, s20); wasm_v128_store(c2 + 4, s21);
  wasm_v128_store(c3, s30); wasm_v128_store(c3 + 4, s31);
}

static inline __attribute__((always_inline)) void row_1x8(int transA, int kc, const float *A, int lda, int i, int k0,
                                                          const float *B, int ldb, float *C, int ldc) {
  float *c = C + i * ldc;
  v128_t s0 = wasm_v128_load(c), s1 = wasm_v128_load(c + 4);
  for (int k = k0; k < k0 + kc; k++) {
    const float *b = B + k * ldb;
    v128_t a = wasm_f32x4_splat(a_at(transA, A, lda, i, k));
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(a, wasm_v128_load(b)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(a, wasm_v128_load(b + 4)));
  }
  wasm_v128_store(c, s0);
  wasm_v128_store(c + 4, s1);
}

/**
 * packed (optional): B's full 8-column panels stored contiguously by
 * pack_panels. Walking a column panel of a row-major B steps ldb floats per
 * k; when ldb is a multiple of 1 KiB every row lands in the same L1 sets and
 * the panel keeps evicting itself. A contiguous panel streams instead.
 */
static inline __attribute__((always_inline)) void gemm_any(int transA, int M, int N, int K, const float *A, int lda,
                                                           const float *B, int ldb, const float *packed, float *C, int ldc) {
  int n8 = N & ~7, m4 = M & ~3;
  for (int k0 = 0; k0 < K; k0 += GEMM_KC) {
    int kc = K - k0 < GEMM_KC ? K - k0 : GEMM_KC;
    for (int j = 0; j < n8; j += 8) {
      const float *panel = packed ? packed + j * K : B + j;
      int step = packed ? 8 : ldb;
      for (int i = 0; i < m4; i += 4) tile_4x8(transA, kc, A, lda, i, k0, panel, step, C + j, ldc);
      for (int i = m4; i < M; i++) row_1x8(transA, kc, A, lda, i, k0, panel, step, C + j, ldc);
    }
    for (int j = n8; j < N; j++) {
      for (int i = 0; i < M; i++) {
        float s = C[i * ldc + j];
        for (int k = k0; k < k0 + kc; k++) s += a_at(transA, A, lda, i, k) * B[k * ldb + j];
        C[i * ldc + j] = s;
      }
    }
  }
}

/** Copies the full 8-column panels of B [K,N] (leading dimension ldb) into [N/8][K][8]; K·(N & ~7) floats. */
static void pack_panels(int K, int N, const float *B, int ldb, float *packed) {
  int n8 = N & ~7;
  for (int j = 0; j < n8; j += 8) {
    float *p = packed + j * K;
    for (int k = 0; k < K; k++) {
      const float *b = B + k * ldb + j;
      for (int c = 0; c < 8; c++) p[k * 8 + c] = b[c];
    }
  }
}

/** C += A·B. */
static void gemm_nn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc) {
  gemm_any(0, M, N, K, A, lda, B, ldb, 0, C, ldc);
}

/** C += A·B with B's panels packed by pack_panels (B itself still serves the tail columns). */
static void gemm_nn_packed(int M, int N, int K, const float *A, int lda, const float *B, int ldb, const float *packed, float *C,
                           int ldc) {
  gemm_any(0, M, N, K, A, lda, B, ldb, packed, C, ldc);
}

/** C += Aᵀ·B, A stored [K,M]. */
static void gemm_tn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc) {
  gemm_any(1, M, N, K, A, lda, B, ldb, 0, C, ldc);
}

/**
 * C += Aᵀ·B, A stored [K,M], for a long K (a sum over every step and sample):
 * each K block of B is packed into `scratch` (GEMM_KC·N floats) once and then
 * reused by every row tile of C.
 */
static void gemm_tn_packing(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc,
                            float *scratch) {
  int n8 = N & ~7, m4 = M & ~3;
  for (int k0 = 0; k0 < K; k0 += GEMM_KC) {
    int kc = K - k0 < GEMM_KC ? K - k0 : GEMM_KC;
    pack_panels(kc, N, B + k0 * ldb, ldb, scratch);
    for (int j = 0; j < n8; j += 8) {
      // The tile indexes B rows by absolute k; the packed block starts at k0.
      const float *panel = scratch + j * kc - k0 * 8;
      for (int i = 0; i < m4; i += 4) tile_4x8(1, kc, A, lda, i, k0, panel, 8, C + j, ldc);
      for (int i = m4; i < M; i++) row_1x8(1, kc, A, lda, i, k0, panel, 8, C + j, ldc);
    }
    for (int j = n8; j < N; j++) {
      for (int i = 0; i < M; i++) {
        float s = C[i * ldc + j];
        for (int k = k0; k < k0 + kc; k++) s += A[k * lda + i] * B[k * ldb + j];
        C[i * ldc + j] = s;
      }
    }
  }
}

/** out[cols, rows] = in[rows, cols]ᵀ (in with leading dimension ld). */
static void transpose(int rows, int cols, const float *in, int ld, float *out) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) out[c * rows + r] = in[r * ld + c];
}

#endif
