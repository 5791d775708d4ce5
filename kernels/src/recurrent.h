// The kernels' entry points, for callers other than WebAssembly (the native
// addon in native/src). Arguments are documented in recurrent.c.
#ifndef RNN_KERNELS_RECURRENT_H
#define RNN_KERNELS_RECURRENT_H

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
