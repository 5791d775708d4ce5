// The output layer of a model that predicts at every step, its softmax and
// the sparse cross-entropy, in one call (issue 16). On the every-step
// shakespeare sample tfjs spent more time here than in the recurrent layer:
// three multiplies of 8192x128 by 128x65 per batch (logits, the input's and
// the kernel's gradients), transposes, and several passes of exp, max, casts
// and one-hots over the 532,480 logits. Here a block of GEMM_KC rows is
// multiplied, normalised, scored and differentiated while it is in cache.
//
// Conventions (the arguments: softmax_xent in recurrent.h):
// - h [B,T,U], targets and smask [B,T] are batch-major; a row is one step of
//   one sequence. The logits of a block are kept class-major, Z[c][row], so
//   the softmax runs across rows in the vector lanes and every multiply has
//   the rows or the units as its wide side: with C = 65 classes as the wide
//   side one column of every multiply would fall to scalar code.
// - The loss of a step is -ln softmax(z)[target], clipped at -ln 1e-30 where
//   the probability underflows, like the engine's TypeScript path
//   (core/src/engine/train/losses.ts); the gradient is exact: softmax - one-hot.
// - A step whose mask is 0 adds nothing to the loss, the hits or any gradient.
//   `stats` gets the sums over the call's real steps; the caller divides by
//   the real steps of the whole batch, and passes the factor of the gradients
//   (dL/dloss over that count) in `scale`.
// - A target outside [0, C) has probability 0: its step's loss is the clip
//   value and its gradient the softmax alone.
// - Every gradient buffer is overwritten. No stack and no static data: two
//   instances of the WebAssembly build share one memory (recurrent.c).
#include "recurrent.h"
#include "math.h"
#include "gemm.h"
#include "export.h"

/** -ln 1e-30: the loss of a step whose target's probability is below 1e-30. */
#define LOSS_CLIP 69.0775527898f

/** Distance between the class rows of Z: not a multiple of 1 KiB, so a walk down one row's classes spreads over cache sets. */
#define ZLD (GEMM_KC + 16)

/** Rows [0, n) of h [.., U] transposed into panels of GEMM_NR rows, HT[p][u][c] = h[p·NR + c][u], zero up to `padded` rows. */
static void pack_rows_transposed(int n, int padded, int U, const float *h, float *HT) {
  for (int row = 0; row < padded; row++) {
    float *p = HT + (row / GEMM_NR) * U * GEMM_NR + row % GEMM_NR;
    const float *src = h + row * U;
    if (row < n)
      for (int u = 0; u < U; u++) p[u * GEMM_NR] = src[u];
    else
      for (int u = 0; u < U; u++) p[u * GEMM_NR] = 0.0f;
  }
}

/** The class index a target stands for, or -1 when it is not one of the C classes. */
static int class_of(float target, int C) { return target >= 0.0f && target < (float)C ? (int)target : -1; }

/**
 * One block of rows (n real, `padded` with the zero rows of the multiply, a
 * multiple of VLANES): the softmax over each row's classes in Z, each real
 * step's loss and hit added to sums, and with `grads` Z turned into the
 * logits' gradient, (softmax - one-hot) · weight · scale. The four rows after
 * the classes hold, per row: the largest logit, the sum of the exps (then the
 * row's factor), the target's logit (then its one-hot's factor), the argmax.
 */
static void softmax_block(int n, int padded, int C, const float *targets, const float *smask, float scale, int grads,
                          float *Z, double *sums) {
  float *top = Z + C * ZLD, *sum = top + ZLD, *picked = sum + ZLD, *argmax = picked + ZLD;
  for (int j = 0; j < padded; j += VLANES) {
    vf m = vload(Z + j);
    vi arg = (vi)vsplat(0.0f), c_now = arg;
    // Strictly greater: the first of equal logits wins, as tfjs's argMax picks.
    for (int c = 1; c < C; c++) {
      vf z = vload(Z + c * ZLD + j);
      vi greater = z > m;
      c_now = c_now + 1;
      m = (vf)(((vi)z & greater) | ((vi)m & ~greater));
      arg = (c_now & greater) | (arg & ~greater);
    }
    vstore(top + j, m);
    vstore(argmax + j, __builtin_convertvector(arg, vf));
  }
  for (int j = 0; j < n; j++) {
    int t = class_of(targets[j], C);
    picked[j] = t >= 0 ? Z[t * ZLD + j] : 0.0f;
  }
  for (int j = 0; j < padded; j += VLANES) {
    vf m = vload(top + j), s = vsplat(0.0f);
    for (int c = 0; c < C; c++) {
      float *z = Z + c * ZLD + j;
      vf e = vexp(vload(z) - m);
      vstore(z, e);
      s += e;
    }
    vstore(sum + j, s);
  }
  for (int j = 0; j < padded; j++) {
    float weight = j < n ? (smask ? smask[j] : 1.0f) : 0.0f;
    int t = j < n ? class_of(targets[j], C) : -1;
    if (weight != 0.0f) {
      float loss = t >= 0 ? top[j] + log_approx(sum[j]) - picked[j] : LOSS_CLIP;
      sums[0] += (double)(weight * (loss < LOSS_CLIP ? loss : LOSS_CLIP));
      if (t >= 0 && (int)argmax[j] == t) sums[1] += (double)weight;
    }
    sum[j] = weight * scale / sum[j];
    picked[j] = t >= 0 ? weight * scale : 0.0f;
  }
  if (!grads) return;
  for (int c = 0; c < C; c++) {
    float *z = Z + c * ZLD;
    for (int j = 0; j < padded; j += VLANES) vstore(z + j, vload(z + j) * vload(sum + j));
  }
  for (int j = 0; j < n; j++) {
    int t = class_of(targets[j], C);
    if (t >= 0) Z[t * ZLD + j] -= picked[j];
  }
}

EXPORT(softmax_xent)
void softmax_xent(int T, int B, int U, int C, const float *h, const float *Wo, const float *bo, const float *targets,
                  const float *smask, const float *scale, float *stats, float *dh, float *dWo, float *dbo, float *work) {
  SoftmaxXentWork w = softmax_xent_work(work, T, B, U, C);
  double *sums = (double *)stats;
  sums[0] = 0.0;
  sums[1] = 0.0;
  int grads = dh != 0;
  float factor = grads ? scale[0] : 0.0f;
  transpose(U, C, Wo, C, w.WT);
  pack_panels(C, U, w.WT, U, w.WTp);
  if (grads) {
    fill(w.dWT, 0.0f, C * U);
    fill(dbo, 0.0f, C);
  }
  int rows = B * T;
  for (int r0 = 0; r0 < rows; r0 += GEMM_KC) {
    int n = rows - r0 < GEMM_KC ? rows - r0 : GEMM_KC;
    int padded = (n + GEMM_NR - 1) / GEMM_NR * GEMM_NR;
    const float *hb = h + r0 * U;
    pack_rows_transposed(n, padded, U, hb, w.HT);
    for (int c = 0; c < C; c++) fill(w.Z + c * ZLD, bo[c], padded);
    // Z += Wᵀ·hᵀ: the padded block is whole panels, so B itself (the tail columns' source) is never read.
    gemm_nn_packed(C, padded, U, w.WT, U, w.HT, padded, w.HT, w.Z, ZLD);
    softmax_block(n, padded, C, targets + r0, smask ? smask + r0 : 0, factor, grads, w.Z, sums);
    if (!grads) continue;
    float *dhb = dh + r0 * U;
    fill(dhb, 0.0f, n * U);
    // dh = dZᵀ·Wᵀ, with dZ stored class-major.
    gemm_any(1, n, U, C, w.Z, ZLD, w.WT, U, w.WTp, dhb, U);
    // dWᵀ += dZ·h.
    pack_panels(n, U, hb, U, w.HP);
    gemm_any(0, C, U, n, w.Z, ZLD, hb, U, w.HP, w.dWT, U);
    for (int c = 0; c < C; c++) {
      const float *z = w.Z + c * ZLD;
      vf acc = vsplat(0.0f);
      for (int j = 0; j < padded; j += VLANES) acc += vload(z + j);
      dbo[c] += vsum(acc);
    }
  }
  if (grads) transpose(C, U, w.dWT, U, dWo);
}
