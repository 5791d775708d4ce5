// Freestanding float math for the recurrent kernels (no libc under -nostdlib).
// Written branch-free so the compiler can vectorise the row loops.
#ifndef RNN_KERNELS_MATH_H
#define RNN_KERNELS_MATH_H

#include "simd.h"
// The activation ids (enum Activation) are part of the calling convention.
#include "recurrent.h"

// tfjs-layers' selu constants.
#define SELU_SCALE 1.0507009873554805f
#define SELU_ALPHA 1.6732632423543772f

static inline float clampf(float x, float lo, float hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

// e^x by range reduction x = n·ln2 + r, |r| <= ln2/2, and a degree-6 Taylor
// polynomial: relative error about 1e-7, well inside the 1e-4 contract.
static inline float exp_approx(float x) {
  x = clampf(x, -87.0f, 88.0f);
  float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
  float r = x - n * 0.693145751953125f - n * 1.428606765330187e-06f;
  float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.166666667f + r * (0.0416666667f + r * (0.00833333333f + r * 0.00138888889f)))));
  union { int i; float f; } scale;
  scale.i = ((int)n + 127) << 23;
  return p * scale.f;
}

// ln x for a positive normal x: x = m·2^e with m in [√½, √2), ln m = 2·atanh(s), s = (m-1)/(m+1), |s| <= 0.172,
// by its series to s^9 (the next term is below 1e-9).
static inline float log_approx(float x) {
  union { float f; int i; } v;
  v.f = x;
  int e = ((v.i >> 23) & 255) - 127;
  v.i = (v.i & 0x7fffff) | (127 << 23);
  float m = v.f;
  if (m > 1.41421356f) {
    m *= 0.5f;
    e += 1;
  }
  float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
  float series = s * (2.0f + s2 * (0.666666667f + s2 * (0.4f + s2 * (0.285714286f + s2 * 0.222222222f))));
  return series + (float)e * 0.693147180559945f;
}

static inline float sigmoid_approx(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

static inline float tanh_approx(float x) {
  // tanh(x) = 1 - 2/(e^{2x}+1); the absolute error near 0 stays about 1e-7.
  return 1.0f - 2.0f / (exp_approx(2.0f * x) + 1.0f);
}

// VLANES at a time: the same formulas as the scalar versions above.
static inline vf vexp(vf x) {
  // The 1.5·2^23 shift rounds to nearest and leaves n in the low mantissa
  // bits, which costs less than floor + a saturating conversion.
  const vf magic = vsplat(12582912.0f);
  x = vmax(vmin(x, vsplat(88.0f)), vsplat(-87.0f));
  vf shifted = x * 1.44269504088896341f + magic;
  vf n = shifted - magic;
  vf r = x - n * 0.693145751953125f;
  r = r - n * 1.428606765330187e-06f;
  vf p = vsplat(0.00138888889f);
  p = p * r + 0.00833333333f;
  p = p * r + 0.0416666667f;
  p = p * r + 0.166666667f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  vi scale = ((vi)shifted << 23) + (127 << 23);
  return p * (vf)scale;
}

static inline vf vsigmoid(vf x) { return 1.0f / (1.0f + vexp(-x)); }

static inline vf vtanh(vf x) { return 1.0f - 2.0f / (vexp(x + x) + 1.0f); }

/** y = act(y) over n contiguous values. */
static void activate(int act, float *y, int n) {
  int nv = n - n % VLANES, i = 0;
  switch (act) {
    case ACT_TANH:
      for (; i < nv; i += VLANES) vstore(y + i, vtanh(vload(y + i)));
      for (; i < n; i++) y[i] = tanh_approx(y[i]);
      break;
    case ACT_SIGMOID:
      for (; i < nv; i += VLANES) vstore(y + i, vsigmoid(vload(y + i)));
      for (; i < n; i++) y[i] = sigmoid_approx(y[i]);
      break;
    case ACT_HARD_SIGMOID:
      for (; i < n; i++) y[i] = clampf(0.2f * y[i] + 0.5f, 0.0f, 1.0f);
      break;
    case ACT_RELU:
      for (; i < n; i++) y[i] = y[i] > 0.0f ? y[i] : 0.0f;
      break;
    case ACT_ELU:
      for (; i < n; i++) y[i] = y[i] > 0.0f ? y[i] : exp_approx(y[i]) - 1.0f;
      break;
    case ACT_SELU:
      for (; i < n; i++) y[i] = y[i] > 0.0f ? SELU_SCALE * y[i] : SELU_SCALE * SELU_ALPHA * (exp_approx(y[i]) - 1.0f);
      break;
    default:
      break;
  }
}

/** slope[i] = act'(z_i), through the outputs y = act(z). */
static void slopes(int act, const float *y, float *slope, int n) {
  switch (act) {
    case ACT_TANH:
      for (int i = 0; i < n; i++) slope[i] = 1.0f - y[i] * y[i];
      break;
    case ACT_SIGMOID:
      for (int i = 0; i < n; i++) slope[i] = y[i] * (1.0f - y[i]);
      break;
    case ACT_HARD_SIGMOID:
      for (int i = 0; i < n; i++) slope[i] = (y[i] > 0.0f && y[i] < 1.0f) ? 0.2f : 0.0f;
      break;
    case ACT_RELU:
      for (int i = 0; i < n; i++) slope[i] = y[i] > 0.0f ? 1.0f : 0.0f;
      break;
    case ACT_ELU:  // below zero y = e^z - 1, so dy/dz = y + 1
      for (int i = 0; i < n; i++) slope[i] = y[i] > 0.0f ? 1.0f : y[i] + 1.0f;
      break;
    case ACT_SELU:  // below zero dy/dz = scale·alpha·e^z = y + scale·alpha
      for (int i = 0; i < n; i++) slope[i] = y[i] > 0.0f ? SELU_SCALE : y[i] + SELU_SCALE * SELU_ALPHA;
      break;
    default:
      for (int i = 0; i < n; i++) slope[i] = 1.0f;
      break;
  }
}

/** d[i] *= act'(z_i), with y = act(z) the stored outputs. */
static void scale_by_slope(int act, const float *y, float *d, int n) {
  switch (act) {
    case ACT_TANH:
      for (int i = 0; i < n; i++) d[i] *= 1.0f - y[i] * y[i];
      break;
    case ACT_SIGMOID:
      for (int i = 0; i < n; i++) d[i] *= y[i] * (1.0f - y[i]);
      break;
    case ACT_HARD_SIGMOID:
      for (int i = 0; i < n; i++) d[i] *= (y[i] > 0.0f && y[i] < 1.0f) ? 0.2f : 0.0f;
      break;
    case ACT_RELU:
      for (int i = 0; i < n; i++) d[i] *= y[i] > 0.0f ? 1.0f : 0.0f;
      break;
    case ACT_ELU:
      for (int i = 0; i < n; i++) d[i] *= y[i] > 0.0f ? 1.0f : y[i] + 1.0f;
      break;
    case ACT_SELU:
      for (int i = 0; i < n; i++) d[i] *= y[i] > 0.0f ? SELU_SCALE : y[i] + SELU_SCALE * SELU_ALPHA;
      break;
    default:
      break;
  }
}

static void fill(float *y, float value, int n) {
  for (int i = 0; i < n; i++) y[i] = value;
}

#endif
