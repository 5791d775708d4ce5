// Fused whole-sequence recurrent kernels: one call runs a layer forward over
// every time step, one call runs backpropagation through time. tfjs would
// dispatch several small ops per step; here the input projections of all
// steps are one matrix multiply and the recurrent weights stay in cache.
//
// Conventions shared with core/src/engine/kernels (the TypeScript side);
// the arguments, their order and the layouts of the cache and workspace
// buffers are in recurrent.h, generated from core/src/engine/kernels/abi.ts:
// - x [B,T,F] and the output sequence out [B,T,U] are batch-major like tfjs;
//   everything kept for the backward pass is time-major [T,B,...] so one
//   step is one contiguous [B,...] block for the recurrent multiply.
// - Weights use the stock tfjs-layers layouts: kernel [F,nU], recurrent
//   kernel [U,nU], bias [nU], gate blocks in tfjs order (LSTM i,f,c,o; GRU
//   z,r,h with the reset gate applied before the recurrent multiply).
// - The initial state is zero. Every gradient buffer is overwritten.
// - rmask [B,U] (or NULL): recurrent dropout, one mask per sequence as in
//   tfjs-layers: the previous state is multiplied by it before every
//   recurrent multiply (the GRU's update blend uses the unmasked state).
// - smask [B,T] (or NULL): which steps are real (1) and which are padding
//   (0, at the end of a shorter sequence). A padded step leaves the state
//   (and an LSTM's cell state) as it was and outputs it again, as tfjs-layers'
//   rnn() does with a mask, so the last step's output is the state at the last
//   real step; backward, it passes the state's gradient straight through and
//   adds nothing to the weights' or its input's gradient.
// - dhsq (or NULL): the backward passes add up, per step, the squares of the
//   total gradient of the state h_t (insight's gradient norm through time,
//   core/src/engine/insight). At a padded step it is the gradient of the state
//   carried through that step: what the next step sends back plus the step's
//   own output gradient (none, when the loss is masked).
// - A model that predicts after the last step needs neither the output
//   sequence nor its gradient at every step: out may be NULL (the states are
//   in the cache, the last one at its last step), and dout NULL with the last
//   step's gradient alone in dlast [B,U].
// - xi [B,T] (or NULL): a one-hot input given as indices instead of x (which
//   is then not read and may be NULL). A character-level model's x has a
//   single 1 per step, so x_t·W is a row of W and dW = Σ x_tᵀ·dG_t adds dG's
//   rows into W's rows; the dense multiplies would spend most of their time
//   on zeros. A negative index is a step whose x is all zeros (padding): it
//   adds nothing. The indices are floats so they travel in the same buffers
//   as everything else.
// - dx (or NULL): the input's gradient is wanted only when something before
//   the layer trains; the layer fed by the model's input skips it. When
//   asked for, it is dG·Wᵀ with or without xi (it does not depend on x).
#include "recurrent.h"
#include "math.h"
#include "gemm.h"
#include "export.h"

// The per-unit loops of the backward passes read and write a dozen arrays
// that never overlap; without this the compiler cannot prove it and leaves
// them scalar.
#if defined(__clang__)
#define VECTORIZE_SAFELY _Pragma("clang loop vectorize(assume_safety)")
#else
#define VECTORIZE_SAFELY _Pragma("GCC ivdep")
#endif

EXPORT(kernels_abi)
int kernels_abi(void) { return RNN_KERNELS_ABI; }

static void zero(float *y, int n) { fill(y, 0.0f, n); }

/**
 * The feature index of step t of sequence b in a one-hot input xi, or -1 for
 * a zero row. Written so that a NaN or an index past F reads as a zero row
 * rather than outside W (and never reaches an undefined float-to-int cast).
 */
static int onehot_index(const float *xi, int T, int F, int b, int t) {
  float v = xi[b * T + t];
  return v >= 0.0f && v < (float)F ? (int)v : -1;
}

/**
 * Gt[b,:] = bias + x[b,t,:]·W for one step, just before its recurrent
 * multiply adds to it, so the step's gate block is still in cache. With a
 * one-hot input (xi) the product is W's row of the step's index.
 */
static void project_step(int t, int T, int B, int F, int NG, const float *x, const float *xi, const float *W,
                         const float *bias, float *Gt) {
  for (int b = 0; b < B; b++) {
    float *g = Gt + b * NG;
    if (bias)
      for (int j = 0; j < NG; j++) g[j] = bias[j];
    else
      zero(g, NG);
  }
  if (!xi) {
    gemm_nn(B, NG, F, x + t * F, T * F, W, NG, Gt, NG);
    return;
  }
  for (int b = 0; b < B; b++) {
    int k = onehot_index(xi, T, F, b, t);
    if (k < 0) continue;
    const float *w = W + k * NG;
    float *g = Gt + b * NG;
    for (int j = 0; j < NG; j++) g[j] += w[j];
  }
}

/** dW = Σ xᵀ·dG: with a one-hot input, each step's dG row (dG time-major) adds into W's row of its index. */
static void kernel_grad(int T, int B, int F, int NG, const float *x, const float *xi, const float *dG, float *dW) {
  zero(dW, F * NG);
  if (!xi) {
    for (int b = 0; b < B; b++) gemm_tn(F, NG, T, x + b * T * F, F, dG + b * NG, B * NG, dW, NG);
    return;
  }
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++) {
      int k = onehot_index(xi, T, F, b, t);
      if (k < 0) continue;
      const float *d = dG + (t * B + b) * NG;
      float *w = dW + k * NG;
      for (int j = 0; j < NG; j++) w[j] += d[j];
    }
}

/** The gradients that flow through the input projection: dW, db and (when wanted) dx. */
static void input_grads(int T, int B, int F, int NG, const float *x, const float *xi, const float *W, const float *dG,
                        float *dx, float *dW, float *db, float *WT) {
  kernel_grad(T, B, F, NG, x, xi, dG, dW);
  if (db) {
    zero(db, NG);
    for (int row = 0; row < T * B; row++)
      for (int j = 0; j < NG; j++) db[j] += dG[row * NG + j];
  }
  if (!dx) return;
  zero(dx, B * T * F);
  if (F < GEMM_NR) {
    for (int b = 0; b < B; b++) gemm_nt_dots(T, F, NG, dG + b * NG, B * NG, W, NG, dx + b * T * F, F);
    return;
  }
  transpose(F, NG, W, NG, WT);
  for (int b = 0; b < B; b++) gemm_nn(T, F, NG, dG + b * NG, B * NG, WT, F, dx + b * T * F, F);
}

/**
 * sq[t] (T doubles, zeroed first by zero_squares) += Σ dh² over n values, in
 * double: a gradient that vanished (1e-30) squares to below a float's range.
 */
static void add_squares(double *sq, int t, const float *dh, int n) {
  if (!sq) return;
  double sum = 0.0;
  for (int i = 0; i < n; i++) sum += (double)dh[i] * (double)dh[i];
  sq[t] += sum;
}

static double *zero_squares(float *dhsq, int T) {
  double *sq = (double *)dhsq;
  if (sq)
    for (int t = 0; t < T; t++) sq[t] = 0.0;
  return sq;
}

/** out[b,t,:] = h, unless the caller wants no output sequence (the states stay in the cache). */
static void store_output(int T, int U, int t, int b, const float *h, float *out) {
  if (!out) return;
  float *o = out + (b * T + t) * U;
  for (int u = 0; u < U; u++) o[u] = h[u];
}

/** dh += the gradient of step t's output: from dout [B,T,U], or with dout NULL from dlast [B,U] at the last step only. */
static void add_output_grad(int T, int U, int t, int b, const float *dout, const float *dlast, float *dh) {
  const float *d = dout ? dout + (b * T + t) * U : (dlast && t == T - 1 ? dlast + b * U : 0);
  if (!d) return;
  for (int u = 0; u < U; u++) dh[u] += d[u];
}

/** True when step t of sequence b is padding (a step mask is given and is 0 there). */
static int padded(const float *smask, int T, int b, int t) { return smask && smask[b * T + t] == 0.0f; }

/** Rows of `state` at padded steps take the previous step's rows: the state is carried through. */
static void carry_padded(int t, int T, int B, int n, const float *smask, const float *prev, float *state) {
  if (!smask) return;
  for (int b = 0; b < B; b++)
    if (padded(smask, T, b, t))
      for (int i = 0; i < n; i++) state[b * n + i] = prev[b * n + i];
}

/** out[t,b,:] = H[t,b,:] ∘ mask[b,:] for `steps` steps of B rows (recurrent dropout). */
static void mask_steps(int steps, int B, int U, const float *H, const float *mask, float *out) {
  for (int t = 0; t < steps; t++)
    for (int i = 0; i < B * U; i++) out[t * B * U + i] = H[t * B * U + i] * mask[i];
}

/** y[i] *= mask[i]: a gradient through the masked state reaches the state masked the same way. */
static void mask_in_place(int n, const float *mask, float *y) {
  for (int i = 0; i < n; i++) y[i] *= mask[i];
}

/** The state fed to step t's recurrent multiply: h_{t-1}, masked into `scratch` when there is a mask. */
static const float *recurrent_input(int B, int U, const float *Hprev, const float *rmask, float *scratch) {
  if (!rmask) return Hprev;
  mask_steps(1, B, U, Hprev, rmask, scratch);
  return scratch;
}

/**
 * dh = (dG_t · Rᵀ) ∘ mask: what reaches the previous state through the recurrent multiply (RT packed in RTp).
 * At a padded step of step t the state was carried, so its gradient passes unchanged (saved in dcarry).
 */
static void state_grad(int t, int T, int B, int U, int NG, const float *dGt, const float *RT, const float *RTp,
                       const float *rmask, const float *smask, float *dcarry, float *dh) {
  if (smask)
    for (int i = 0; i < B * U; i++) dcarry[i] = dh[i];
  zero(dh, B * U);
  gemm_nn_packed(B, U, NG, dGt, NG, RT, U, RTp, dh, U);
  if (rmask) mask_in_place(B * U, rmask, dh);
  carry_padded(t, T, B, U, smask, dcarry, dh);
}

/**
 * The weight gradients once every step's dG is known: dR = Σ_t (h_{t-1} ∘ mask)ᵀ · dG_t
 * as one long multiply (HM holds the masked states), then the input projection's.
 */
static void weight_grads(int T, int B, int F, int U, int NG, const float *x, const float *xi, const float *W, const float *H,
                         const float *rmask, const float *dG, float *dx, float *dW, float *dR, float *db, float *WT,
                         float *packing, float *HM) {
  zero(dR, U * NG);
  if (T > 1) {
    if (rmask) mask_steps(T - 1, B, U, H, rmask, HM);
    gemm_tn_packing(U, NG, (T - 1) * B, rmask ? HM : H, U, dG + B * NG, NG, dR, NG, packing);
  }
  input_grads(T, B, F, NG, x, xi, W, dG, dx, dW, db, WT);
}

// ------------------------------------------------------------------ plain RNN
// Layouts: RnnCache, RnnForwardWork, RnnBackwardWork (recurrent.h).

EXPORT(rnn_forward)
void rnn_forward(int T, int B, int F, int U, int act, const float *x, const float *xi, const float *W, const float *R,
                 const float *bias, const float *rmask, const float *smask, float *out, float *cache, float *work) {
  RnnForwardWork w = rnn_forward_work(work, T, B, F, U);
  float *H = rnn_cache(cache, T, B, F, U).H, *Rp = w.Rp, *HM = w.HM;
  zero(w.zeros, B * U);
  pack_panels(U, U, R, U, Rp);
  for (int t = 0; t < T; t++) {
    float *Ht = H + t * B * U;
    project_step(t, T, B, F, U, x, xi, W, bias, Ht);
    if (t > 0) gemm_nn_packed(B, U, U, recurrent_input(B, U, Ht - B * U, rmask, HM), U, R, U, Rp, Ht, U);
    activate(act, Ht, B * U);
    if (t > 0) carry_padded(t, T, B, U, smask, Ht - B * U, Ht);
    else carry_padded(t, T, B, U, smask, w.zeros, Ht);
    for (int b = 0; b < B; b++) store_output(T, U, t, b, Ht + b * U, out);
  }
}

EXPORT(rnn_backward)
void rnn_backward(int T, int B, int F, int U, int act, const float *x, const float *xi, const float *W, const float *R,
                  const float *rmask, const float *smask, const float *cache, const float *dout, const float *dlast, float *dx, float *dW,
                  float *dR, float *db, float *dhsq, float *work) {
  const float *H = rnn_cache(cache, T, B, F, U).H;
  double *sq = zero_squares(dhsq, T);
  RnnBackwardWork w = rnn_backward_work(work, T, B, F, U);
  float *dG = w.dG, *dh = w.dh, *RT = w.RT, *WT = w.WT, *RTp = w.RTp, *HM = w.HM;
  transpose(U, U, R, U, RT);
  pack_panels(U, U, RT, U, RTp);
  zero(dh, B * U);
  for (int t = T - 1; t >= 0; t--) {
    float *dGt = dG + t * B * U;
    for (int b = 0; b < B; b++) add_output_grad(T, U, t, b, dout, dlast, dh + b * U);
    add_squares(sq, t, dh, B * U);
    for (int i = 0; i < B * U; i++) dGt[i] = dh[i];
    scale_by_slope(act, H + t * B * U, dGt, B * U);
    for (int b = 0; b < B; b++)
      if (padded(smask, T, b, t)) zero(dGt + b * U, U);
    if (t > 0) state_grad(t, T, B, U, U, dGt, RT, RTp, rmask, smask, w.dcarry, dh);
  }
  weight_grads(T, B, F, U, U, x, xi, W, H, rmask, dG, dx, dW, dR, db, WT, w.packing, HM);
}

// ----------------------------------------------------------------------- LSTM
// Layouts: LstmCache, LstmForwardWork, LstmBackwardWork (recurrent.h).

EXPORT(lstm_forward)
void lstm_forward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *xi, const float *W,
                  const float *R, const float *bias, const float *peep, const float *rmask, const float *smask, float *out,
                  float *cache, float *work) {
  int NG = 4 * U;
  LstmCache c = lstm_cache(cache, T, B, F, U);
  LstmForwardWork w = lstm_forward_work(work, T, B, F, U);
  float *H = c.H, *C = c.C, *G = c.G;
  float *zeros = w.zeros, *actc = w.actc, *Rp = w.Rp, *HM = w.HM;
  int coupled = flags & LSTM_COUPLED, peepholes = (flags & LSTM_PEEPHOLES) && peep;
  zero(zeros, B * U);
  pack_panels(U, NG, R, NG, Rp);
  for (int t = 0; t < T; t++) {
    float *Gt = G + t * B * NG, *Ht = H + t * B * U, *Ct = C + t * B * U;
    project_step(t, T, B, F, NG, x, xi, W, bias, Gt);
    const float *Hprev = t > 0 ? Ht - B * U : zeros, *Cprev = t > 0 ? Ct - B * U : zeros;
    if (t > 0) gemm_nn_packed(B, NG, U, recurrent_input(B, U, Hprev, rmask, HM), U, R, NG, Rp, Gt, NG);
    for (int b = 0; b < B; b++) {
      float *gi = Gt + b * NG, *gf = gi + U, *gc = gf + U, *go = gc + U;
      const float *cp = Cprev + b * U;
      float *c = Ct + b * U, *h = Ht + b * U;
      if (peepholes)
        for (int u = 0; u < U; u++) {
          gi[u] += peep[u] * cp[u];
          gf[u] += peep[U + u] * cp[u];
        }
      if (flags & LSTM_FORGET_GATE) activate(gact, gf, U); else fill(gf, 1.0f, U);
      if (coupled)
        for (int u = 0; u < U; u++) gi[u] = 1.0f - gf[u];
      else if (flags & LSTM_INPUT_GATE)
        activate(gact, gi, U);
      else
        fill(gi, 1.0f, U);
      activate(act, gc, U);
      for (int u = 0; u < U; u++) c[u] = gf[u] * cp[u] + gi[u] * gc[u];
      if (peepholes)
        for (int u = 0; u < U; u++) go[u] += peep[2 * U + u] * c[u];
      if (flags & LSTM_OUTPUT_GATE) activate(gact, go, U); else fill(go, 1.0f, U);
      for (int u = 0; u < U; u++) actc[u] = c[u];
      activate(act, actc, U);
      for (int u = 0; u < U; u++) h[u] = go[u] * actc[u];
      if (padded(smask, T, b, t))
        for (int u = 0; u < U; u++) {
          c[u] = cp[u];
          h[u] = Hprev[b * U + u];
        }
      store_output(T, U, t, b, h, out);
    }
  }
}

EXPORT(lstm_backward)
void lstm_backward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *xi, const float *W,
                   const float *R, const float *peep, const float *rmask, const float *smask, const float *cache,
                   const float *dout, const float *dlast, float *dx, float *dW, float *dR, float *db, float *dpeep, float *dhsq,
                   float *work) {
  int NG = 4 * U;
  double *sq = zero_squares(dhsq, T);
  LstmCache c = lstm_cache(cache, T, B, F, U);
  LstmBackwardWork w = lstm_backward_work(work, T, B, F, U);
  const float *H = c.H, *C = c.C, *G = c.G;
  float *dG = w.dG, *dh = w.dh, *dc = w.dc, *zeros = w.zeros;
  float *actc = w.actc, *s_tc = w.s_tc, *s_o = w.s_o, *s_i = w.s_i, *s_f = w.s_f, *s_c = w.s_c;
  float *noPeep = w.noPeep, *dpeepSink = w.dpeepSink, *RT = w.RT, *WT = w.WT, *RTp = w.RTp, *HM = w.HM;
  int coupled = flags & LSTM_COUPLED, peepholes = (flags & LSTM_PEEPHOLES) && peep && dpeep;
  // Masks instead of branches keep the element loop vectorisable; a missing
  // gate is a constant 1 and passes no gradient to its (absent) weights.
  float mi = ((flags & LSTM_INPUT_GATE) && !coupled) ? 1.0f : 0.0f, mf = (flags & LSTM_FORGET_GATE) ? 1.0f : 0.0f;
  float mo = (flags & LSTM_OUTPUT_GATE) ? 1.0f : 0.0f, mc = coupled ? 1.0f : 0.0f;
  zero(noPeep, 3 * U);
  const float *P = peepholes ? peep : noPeep;
  float *dP = peepholes ? dpeep : dpeepSink;
  const float *pi = P, *pf = P + U, *po = P + 2 * U;
  float *dpi = dP, *dpf = dP + U, *dpo = dP + 2 * U;
  zero(dP, 3 * U);
  transpose(U, NG, R, NG, RT);
  pack_panels(NG, U, RT, U, RTp);
  zero(dh, B * U);
  zero(dc, B * U);
  zero(zeros, B * U);
  for (int t = T - 1; t >= 0; t--) {
    const float *Gt = G + t * B * NG, *Ct = C + t * B * U;
    const float *Cprev = t > 0 ? Ct - B * U : zeros;
    float *dGt = dG + t * B * NG;
    for (int b = 0; b < B; b++) {
      const float *gi = Gt + b * NG, *gf = gi + U, *gc = gf + U, *go = gc + U;
      const float *c = Ct + b * U, *cp = Cprev + b * U;
      float *dzi = dGt + b * NG, *dzf = dzi + U, *dzc = dzf + U, *dzo = dzc + U;
      float *dhb = dh + b * U, *dcb = dc + b * U;
      add_output_grad(T, U, t, b, dout, dlast, dhb);
      add_squares(sq, t, dhb, U);
      if (padded(smask, T, b, t)) {
        // The cell state was carried too: dc passes through as it is.
        zero(dzi, NG);
        continue;
      }
      for (int u = 0; u < U; u++) actc[u] = c[u];
      activate(act, actc, U);
      slopes(act, actc, s_tc, U);
      slopes(gact, go, s_o, U);
      slopes(gact, gi, s_i, U);
      slopes(gact, gf, s_f, U);
      slopes(act, gc, s_c, U);
      VECTORIZE_SAFELY
      for (int u = 0; u < U; u++) {
        float o_grad = mo * dhb[u] * actc[u] * s_o[u];
        float dcu = dcb[u] + dhb[u] * go[u] * s_tc[u] + o_grad * po[u];
        float di = dcu * gc[u];
        float df = dcu * cp[u] - mc * di;
        float i_grad = mi * di * s_i[u], f_grad = mf * df * s_f[u];
        dzi[u] = i_grad;
        dzf[u] = f_grad;
        dzc[u] = dcu * gi[u] * s_c[u];
        dzo[u] = o_grad;
        dcb[u] = dcu * gf[u] + i_grad * pi[u] + f_grad * pf[u];
        dpi[u] += i_grad * cp[u];
        dpf[u] += f_grad * cp[u];
        dpo[u] += o_grad * c[u];
      }
    }
    if (t > 0) state_grad(t, T, B, U, NG, dGt, RT, RTp, rmask, smask, w.dcarry, dh);
  }
  weight_grads(T, B, F, U, NG, x, xi, W, H, rmask, dG, dx, dW, dR, db, WT, w.packing, HM);
}

// ------------------------------------------------------------------------ GRU
// tfjs-layers' GRU (reset before the recurrent multiply):
//   z = gact(x·Wz + h·Rz + bz), r = gact(x·Wr + h·Rr + br)
//   hh = act(x·Wh + (r∘h)·Rh + bh), h' = z∘h + (1-z)∘hh
// Without the update gate the candidate replaces the state (z = 0); without
// the reset gate r = 1.
// Layouts: GruCache, GruForwardWork, GruBackwardWork (recurrent.h).

EXPORT(gru_forward)
void gru_forward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *xi, const float *W,
                 const float *R, const float *bias, const float *rmask, const float *smask, float *out, float *cache,
                 float *work) {
  int NG = 3 * U;
  GruCache c = gru_cache(cache, T, B, F, U);
  GruForwardWork w = gru_forward_work(work, T, B, F, U);
  float *H = c.H, *G = c.G, *RH = c.RH;
  float *zeros = w.zeros, *Rzr = w.Rzr, *Rh = w.Rh, *HM = w.HM;
  zero(zeros, B * U);
  pack_panels(U, 2 * U, R, NG, Rzr);
  pack_panels(U, U, R + 2 * U, NG, Rh);
  for (int t = 0; t < T; t++) {
    float *Gt = G + t * B * NG, *Ht = H + t * B * U, *RHt = RH + t * B * U;
    project_step(t, T, B, F, NG, x, xi, W, bias, Gt);
    const float *Hprev = t > 0 ? Ht - B * U : zeros;
    const float *Hin = recurrent_input(B, U, Hprev, rmask, HM);
    if (t > 0) gemm_nn_packed(B, 2 * U, U, Hin, U, R, NG, Rzr, Gt, NG);
    for (int b = 0; b < B; b++) {
      float *gz = Gt + b * NG, *gr = gz + U;
      const float *hp = Hin + b * U;
      float *rh = RHt + b * U;
      if (flags & GRU_UPDATE_GATE) activate(gact, gz, U); else fill(gz, 0.0f, U);
      if (flags & GRU_RESET_GATE) activate(gact, gr, U); else fill(gr, 1.0f, U);
      for (int u = 0; u < U; u++) rh[u] = gr[u] * hp[u];
    }
    if (t > 0) gemm_nn_packed(B, U, U, RHt, U, R + 2 * U, NG, Rh, Gt + 2 * U, NG);
    for (int b = 0; b < B; b++) {
      float *gz = Gt + b * NG, *gh = gz + 2 * U;
      const float *hp = Hprev + b * U;
      float *h = Ht + b * U;
      activate(act, gh, U);
      for (int u = 0; u < U; u++) h[u] = gz[u] * hp[u] + (1.0f - gz[u]) * gh[u];
      if (padded(smask, T, b, t))
        for (int u = 0; u < U; u++) h[u] = hp[u];
      store_output(T, U, t, b, h, out);
    }
  }
}

EXPORT(gru_backward)
void gru_backward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *xi, const float *W,
                  const float *R, const float *rmask, const float *smask, const float *cache, const float *dout, const float *dlast, float *dx,
                  float *dW, float *dR, float *db, float *dhsq, float *work) {
  int NG = 3 * U;
  double *sq = zero_squares(dhsq, T);
  GruCache c = gru_cache(cache, T, B, F, U);
  GruBackwardWork w = gru_backward_work(work, T, B, F, U);
  const float *H = c.H, *G = c.G, *RH = c.RH;
  float *dG = w.dG, *dh = w.dh, *drh = w.drh, *zeros = w.zeros, *RT = w.RT, *WT = w.WT;
  float mz = (flags & GRU_UPDATE_GATE) ? 1.0f : 0.0f, mr = (flags & GRU_RESET_GATE) ? 1.0f : 0.0f;
  float *s_z = w.s_z, *s_h = w.s_h, *s_r = w.s_r, *RTzr = w.RTzr, *RTh = w.RTh, *HM = w.HM, *dmasked = w.dmasked;
  transpose(U, NG, R, NG, RT);
  pack_panels(2 * U, U, RT, U, RTzr);
  pack_panels(U, U, RT + 2 * U * U, U, RTh);
  zero(dh, B * U);
  zero(zeros, B * U);
  for (int t = T - 1; t >= 0; t--) {
    const float *Gt = G + t * B * NG, *Hprev = t > 0 ? H + (t - 1) * B * U : zeros;
    float *dGt = dG + t * B * NG;
    for (int b = 0; b < B; b++) {
      const float *gz = Gt + b * NG, *gh = gz + 2 * U, *hp = Hprev + b * U;
      float *dzz = dGt + b * NG, *dzh = dzz + 2 * U, *dhb = dh + b * U;
      add_output_grad(T, U, t, b, dout, dlast, dhb);
      add_squares(sq, t, dhb, U);
      if (padded(smask, T, b, t)) {
        // The state was carried: its gradient passes through untouched, and
        // the zero row adds nothing through the reset gate and R below.
        zero(dzz, NG);
        continue;
      }
      slopes(gact, gz, s_z, U);
      slopes(act, gh, s_h, U);
      VECTORIZE_SAFELY
      for (int u = 0; u < U; u++) {
        float d = dhb[u];
        dzz[u] = mz * d * (hp[u] - gh[u]) * s_z[u];
        dzh[u] = d * (1.0f - gz[u]) * s_h[u];
        dhb[u] = d * gz[u];
      }
    }
    zero(drh, B * U);
    gemm_nn_packed(B, U, U, dGt + 2 * U, NG, RT + 2 * U * U, U, RTh, drh, U);
    // Through the reset-gated (and masked) state r∘m∘h_prev, then through the masked state's z and r multiplies.
    for (int b = 0; b < B; b++) {
      const float *gr = Gt + b * NG + U, *hp = Hprev + b * U, *drb = drh + b * U;
      const float *m = rmask ? rmask + b * U : 0;
      float *dzr = dGt + b * NG + U, *dhb = dh + b * U;
      slopes(gact, gr, s_r, U);
      if (m) {
        VECTORIZE_SAFELY
        for (int u = 0; u < U; u++) {
          dzr[u] = mr * drb[u] * hp[u] * m[u] * s_r[u];
          dhb[u] += drb[u] * gr[u] * m[u];
        }
      } else {
        VECTORIZE_SAFELY
        for (int u = 0; u < U; u++) {
          dzr[u] = mr * drb[u] * hp[u] * s_r[u];
          dhb[u] += drb[u] * gr[u];
        }
      }
    }
    if (t > 0 && rmask) {
      zero(dmasked, B * U);
      gemm_nn_packed(B, U, 2 * U, dGt, NG, RT, U, RTzr, dmasked, U);
      for (int i = 0; i < B * U; i++) dh[i] += dmasked[i] * rmask[i];
    } else if (t > 0) {
      gemm_nn_packed(B, U, 2 * U, dGt, NG, RT, U, RTzr, dh, U);
    }
  }
  zero(dR, U * NG);
  if (rmask && T > 1) mask_steps(T - 1, B, U, H, rmask, HM);
  if (T > 1) gemm_tn_packing(U, 2 * U, (T - 1) * B, rmask ? HM : H, U, dG + B * NG, NG, dR, NG, w.packing);
  gemm_tn_packing(U, U, T * B, RH, U, dG + 2 * U, NG, dR + 2 * U, NG, w.packing);
  input_grads(T, B, F, NG, x, xi, W, dG, dx, dW, db, WT);
}
