import { loadRecurrentKernels } from '/work/main/core/src/kernels/wasm-kernels';
const k = loadRecurrentKernels()!;
for (const [cell, U, T, F, B, nb] of [['lstm',64,50,1,64,16],['gru',64,50,1,64,16],['rnn',64,50,1,64,16],['lstm',256,100,8,64,8]] as const) {
  const NG = U * ({rnn:1,lstm:4,gru:3} as any)[cell];
  const cfg = { cell, units: U, activation: 'tanh', gateActivation: 'sigmoid', gates: cell==='lstm'?['input','forget','output']:cell==='gru'?['update','reset']:[], coupled:false, peepholes:false } as any;
  const shape = { batch: B, timesteps: T, features: F };
  const rnd = (n: number) => Float32Array.from({length:n}, () => Math.random()*0.2-0.1);
  const x = rnd(B*T*F), w = { kernel: rnd(F*NG), recurrentKernel: rnd(U*NG), bias: rnd(NG) };
  const dy = rnd(B*T*U);
  let tf = 0, tb = 0;
  for (let rep = 0; rep < 2; rep++) { tf = 0; tb = 0;
  for (let i = 0; i < nb; i++) {
    const t0 = performance.now(); const r = k.forward(cfg, shape, x, w); const t1 = performance.now();
    k.backward(cfg, shape, x, w, r.cache, dy); const t2 = performance.now(); tf += t1-t0; tb += t2-t1;
  }}
  console.log(cell, U, 'epoch fwd', (tf/1000).toFixed(3), 'bwd', (tb/1000).toFixed(3));
}
