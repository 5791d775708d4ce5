// Single-precision matrix multiply for the recurrent kernels.
// C[M,N] += op(A)[M,K] · B[K,N], all row-major with explicit leading
// dimensions so callers can address one gate block or one time step of a
// larger buffer without copying. op(A) = A, or Aᵀ when A is stored [K,M].
// Register tiles of 4 rows (wasm: 8 accumulators + 2 B vectors + 1 broadcast
// fit the 16 registers V8 gives wasm on x86-64) or 6 rows (native AVX: 12
// accumulators hide the FMA latency) by GEMM_NR columns, two vectors per row;
// K is split into panels that stay in L1/L2.
#ifndef RNN_KERNELS_GEMM_H
#define RNN_KERNELS_GEMM_H

#include "simd.h"
// GEMM_KC is part of the calling convention: the caller sizes the packing
// space in the workspaces by it.
#include "recurrent.h"

/** Columns of one register tile and of one packed panel. */
#define GEMM_NR (2 * VLANES)

static inline float a_at(int transA, const float *A, int lda, int m, int k) {
  return transA ? A[k * lda + m] : A[m * lda + k];
}

static inline __attribute__((always_inline)) void tile_4xnr(int transA, int kc, const float *A, int lda, int i, int k0,
                                                           const float *B, int ldb, float *C, int ldc) {
  float *c0 = C + i * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
  vf s00 = vload(c0), s01 = vload(c0 + VLANES);
  vf s10 = vload(c1), s11 = vload(c1 + VLANES);
  vf s20 = vload(c2), s21 = vload(c2 + VLANES);
  vf s30 = vload(c3), s31 = vload(c3 + VLANES);
  for (int k = k0; k < k0 + kc; k++) {
    const float *b = B + k * ldb;
    vf b0 = vload(b), b1 = vload(b + VLANES);
    vf a;
    a = vsplat(a_at(transA, A, lda, i, k));
    s00 += a * b0;
    s01 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 1, k));
    s10 += a * b0;
    s11 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 2, k));
    s20 += a * b0;
    s21 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 3, k));
    s30 += a * b0;
    s31 += a * b1;
  }
  vstore(c0, s00); vstore(c0 + VLANES, s01);
  vstore(c1, s10); vstore(c1 + VLANES, s11);
  vstore(c2, s20); vstore(c2 + VLANES, s21);
  vstore(c3, s30); vstore(c3 + VLANES, s31);
}

#if VLANES >= 8
static inline __attribute__((always_inline)) void tile_6xnr(int transA, int kc, const float *A, int lda, int i, int k0,
                                                            const float *B, int ldb, float *C, int ldc) {
  float *c0 = C + i * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc, *c4 = c3 + ldc, *c5 = c4 + ldc;
  vf s00 = vload(c0), s01 = vload(c0 + VLANES), s10 = vload(c1), s11 = vload(c1 + VLANES);
  vf s20 = vload(c2), s21 = vload(c2 + VLANES), s30 = vload(c3), s31 = vload(c3 + VLANES);
  vf s40 = vload(c4), s41 = vload(c4 + VLANES), s50 = vload(c5), s51 = vload(c5 + VLANES);
  for (int k = k0; k < k0 + kc; k++) {
    const float *b = B + k * ldb;
    vf b0 = vload(b), b1 = vload(b + VLANES), a;
    a = vsplat(a_at(transA, A, lda, i, k)); s00 += a * b0; s01 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 1, k)); s10 += a * b0; s11 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 2, k)); s20 += a * b0; s21 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 3, k)); s30 += a * b0; s31 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 4, k)); s40 += a * b0; s41 += a * b1;
    a = vsplat(a_at(transA, A, lda, i + 5, k)); s50 += a * b0; s51 += a * b1;
  }
  vstore(c0, s00); vstore(c0 + VLANES, s01); vstore(c1, s10); vstore(c1 + VLANES, s11);
  vstore(c2, s20); vstore(c2 + VLANES, s21); vstore(c3, s30); vstore(c3 + VLANES, s31);
  vstore(c4, s40); vstore(c4 + VLANES, s41); vstore(c5, s50); vstore(c5 + VLANES, s51);
}
#endif

static inline __attribute__((always_inline)) void row_1xnr(int transA, int kc, const float *A, int lda, int i, int k0,
                                                          const float *B, int ldb, float *C, int ldc) {
  float *c = C + i * ldc;
  vf s0 = vload(c), s1 = vload(c + VLANES);
  for (int k = k0; k < k0 + kc; k++) {
    const float *b = B + k * ldb;
    vf a = vsplat(a_at(transA, A, lda, i, k));
    s0 += a * vload(b);
    s1 += a * vload(b + VLANES);
  }
  vstore(c, s0);
  vstore(c + VLANES, s1);
}

/** Rows [0, M) of one column panel: the widest tiles first, then single rows. */
static inline __attribute__((always_inline)) void panel_rows(int transA, int M, int kc, const float *A, int lda, int k0,
                                                             const float *B, int ldb, float *C, int ldc) {
  int i = 0;
#if VLANES >= 8
  for (; i + 6 <= M; i += 6) tile_6xnr(transA, kc, A, lda, i, k0, B, ldb, C, ldc);
#endif
  for (; i + 4 <= M; i += 4) tile_4xnr(transA, kc, A, lda, i, k0, B, ldb, C, ldc);
  for (; i < M; i++) row_1xnr(transA, kc, A, lda, i, k0, B, ldb, C, ldc);
}

/**
 * packed (optional): B's full GEMM_NR-column panels stored contiguously by
 * pack_panels. Walking a column panel of a row-major B steps ldb floats per
 * k; when ldb is a multiple of 1 KiB every row lands in the same L1 sets and
 * the panel keeps evicting itself. A contiguous panel streams instead.
 */
static inline __attribute__((always_inline)) void gemm_any(int transA, int M, int N, int K, const float *A, int lda,
                                                           const float *B, int ldb, const float *packed, float *C, int ldc) {
  int nr = N - N % GEMM_NR;
  for (int k0 = 0; k0 < K; k0 += GEMM_KC) {
    int kc = K - k0 < GEMM_KC ? K - k0 : GEMM_KC;
    for (int j = 0; j < nr; j += GEMM_NR) {
      const float *panel = packed ? packed + j * K : B + j;
      int step = packed ? GEMM_NR : ldb;
      panel_rows(transA, M, kc, A, lda, k0, panel, step, C + j, ldc);
    }
    for (int j = nr; j < N; j++) {
      for (int i = 0; i < M; i++) {
        float s = C[i * ldc + j];
        for (int k = k0; k < k0 + kc; k++) s += a_at(transA, A, lda, i, k) * B[k * ldb + j];
        C[i * ldc + j] = s;
      }
    }
  }
}

/** Copies the full GEMM_NR-column panels of B [K,N] (leading dimension ldb) into [N/NR][K][NR]; at most K·N floats. */
static void pack_panels(int K, int N, const float *B, int ldb, float *packed) {
  int nr = N - N % GEMM_NR;
  for (int j = 0; j < nr; j += GEMM_NR) {
    float *p = packed + j * K;
    for (int k = 0; k < K; k++) {
      const float *b = B + k * ldb + j;
      for (int c = 0; c < GEMM_NR; c++) p[k * GEMM_NR + c] = b[c];
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
  int nr = N - N % GEMM_NR;
  for (int k0 = 0; k0 < K; k0 += GEMM_KC) {
    int kc = K - k0 < GEMM_KC ? K - k0 : GEMM_KC;
    pack_panels(kc, N, B + k0 * ldb, ldb, scratch);
    for (int j = 0; j < nr; j += GEMM_NR) {
      // The tile indexes B rows by absolute k; the packed block starts at k0.
      const float *panel = scratch + j * kc - k0 * GEMM_NR;
      panel_rows(1, M, kc, A, lda, k0, panel, GEMM_NR, C + j, ldc);
    }
    for (int j = nr; j < N; j++) {
      for (int i = 0; i < M; i++) {
        float s = C[i * ldc + j];
        for (int k = k0; k < k0 + kc; k++) s += A[k * lda + i] * B[k * ldb + j];
        C[i * ldc + j] = s;
      }
    }
  }
}

/**
 * C[M,N] += A[M,K] · Btᵀ with Bt stored [N,K], for a C narrower than one
 * panel (N < GEMM_NR, e.g. the input gradient of a layer with a few
 * features): dot products along K, where both operands are contiguous, keep
 * the vector lanes busy; a panel multiply would run almost all of it in its
 * scalar tail.
 */
static void gemm_nt_dots(int M, int N, int K, const float *A, int lda, const float *Bt, int ldb, float *C, int ldc) {
  for (int i = 0; i < M; i++) {
    const float *a = A + i * lda;
    for (int j = 0; j < N; j++) {
      const float *b = Bt + j * ldb;
      vf s0 = vsplat(0.0f), s1 = vsplat(0.0f);
      int k = 0;
      for (; k + 2 * VLANES <= K; k += 2 * VLANES) {
        s0 += vload(a + k) * vload(b + k);
        s1 += vload(a + k + VLANES) * vload(b + k + VLANES);
      }
      for (; k + VLANES <= K; k += VLANES) s0 += vload(a + k) * vload(b + k);
      float s = vsum(s0 + s1);
      for (; k < K; k++) s += a[k] * b[k];
      C[i * ldc + j] += s;
    }
  }
}

/** out[cols, rows] = in[rows, cols]ᵀ (in with leading dimension ld). */
static void transpose(int rows, int cols, const float *in, int ld, float *out) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) out[c * rows + r] = in[r * ld + c];
}

#endif
