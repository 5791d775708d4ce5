// The kernels' entry points, for callers other than WebAssembly (the native
// addon in native/src). Arguments are documented in recurrent.c.
#ifndef RNN_KERNELS_RECURRENT_H
#define RNN_KERNELS_RECURRENT_H

// Bumped whenever an entry point's arguments change; core/src/engine/kernels/machine.ts
// holds the same number and refuses a build that reports another (a stale
// dist/kernels.wasm or native addon would read its arguments wrongly).
#define RNN_KERNELS_ABI 2

int kernels_abi(void);

void rnn_forward(int T, int B, int F, int U, int act, const float *x, const float *W, const float *R, const float *bias,
                 const float *rmask, float *out, float *cache, float *work);
void rnn_backward(int T, int B, int F, int U, int act, const float *x, const float *W, const float *R,
                  const float *rmask, const float *cache, const float *dout, float *dx, float *dW, float *dR, float *db,
                  float *work);
void lstm_forward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *W, const float *R,
                  const float *bias, const float *peep, const float *rmask, float *out, float *cache, float *work);
void lstm_backward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *W, const float *R,
                   const float *peep, const float *rmask, const float *cache, const float *dout, float *dx, float *dW,
                   float *dR, float *db, float *dpeep, float *work);
void gru_forward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *W, const float *R,
                 const float *bias, const float *rmask, float *out, float *cache, float *work);
void gru_backward(int T, int B, int F, int U, int flags, int act, int gact, const float *x, const float *W, const float *R,
                  const float *rmask, const float *cache, const float *dout, float *dx, float *dW, float *dR, float *db,
                  float *work);

#endif
