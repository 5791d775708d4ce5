// The engine on a workload: placeholder until core/src/train lands.
import type { Workload, WorkloadData } from './workloads';

export interface EngineRun {
  secondsPerEpoch: number;
  finalLoss: number;
  providers: string[];
}

export async function timeEngine(_w: Workload, _data: WorkloadData, _epochs: number, _backend: string): Promise<EngineRun> {
  throw new Error('the engine has no train() yet');
}
