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
                                                          const float *B, int ldb, float *C, int ldc, int j) {
  float *c = C + i * ldc + j;
  v128_t s0 = wasm_v128_load(c), s1 = wasm_v128_load(c + 4);
  for (int k = k0; k < k0 + kc; k++) {
    const float *b = B + k * ldb + j;
    v128_t a = wasm_f32x4_splat(a_at(transA, A, lda, i, k));
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(a, wasm_v128_load(b)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(a, wasm_v128_load(b + 4)));
  }
  wasm_v128_store(c, s0);
  wasm_v128_store(c + 4, s1);
}

static inline __attribute__((always_inline)) void gemm_any(int transA, int M, int N, int K, const float *A, int lda,
                                                           const float *B, int ldb, float *C, int ldc) {
  int n8 = N & ~7, m4 = M & ~3;
  for (int k0 = 0; k0 < K; k0 += GEMM_KC) {
    int kc = K - k0 < GEMM_KC ? K - k0 : GEMM_KC;
    for (int j = 0; j < n8; j += 8) {
      for (int i = 0; i < m4; i += 4) tile_4x8(transA, kc, A, lda, i, k0, B + j, ldb, C + j, ldc);
      for (int i = m4; i < M; i++) row_1x8(transA, kc, A, lda, i, k0, B, ldb, C, ldc, j);
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

/** C += A·B. */
static void gemm_nn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc) {
  gemm_any(0, M, N, K, A, lda, B, ldb, C, ldc);
}

/** C += Aᵀ·B, A stored [K,M]. */
static void gemm_tn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc) {
  gemm_any(1, M, N, K, A, lda, B, ldb, C, ldc);
}

/** out[cols, rows] = in[rows, cols]ᵀ (in with leading dimension ld). */
static void transpose(int rows, int cols, const float *in, int ld, float *out) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) out[c * rows + r] = in[r * ld + c];
}

#endif
