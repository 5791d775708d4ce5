// The tfjs backend that the runs of this process share. tfjs has one engine
// and one active backend per process, so a run cannot own a backend: the
// first run selects one and checks it against cpu, later runs reuse it, and
// nothing switches the backend while a run is using it. Runs prepare one at
// a time (selection and the cpu cross-check, which switches to cpu and
// back); from then on they train side by side on the same backend.
//
// The rules, for a run asking for a backend:
// - no other run is using one: the backend is selected (once: asking again
//   for what is already active selects nothing) and checked against cpu the
//   first time this process uses it;
// - another run is using one: that backend is reused when the run asked for
//   it or for `auto` (logged when it is not what `auto` would have picked);
//   asking for any other backend by name fails with a BackendError.
import * as tf from '@tensorflow/tfjs-core';
import { Mutex } from 'async-mutex';
import { t } from '../../shared';
import { BackendError, selectBackend, type BackendChoice, type BackendPreference } from './select';
import { verifyBackend, type BackendVerification, type StepProbe } from './verify';

/** What a run logs about the backend check, and the backend it ends up on. */
export interface BackendCheck {
  choice: BackendChoice;
  log?: { level: 'info' | 'warning'; message: string };
}

export interface BackendLease {
  /** The backend the run trains on (until `verify` says otherwise). */
  readonly choice: BackendChoice;
  /**
   * Ends the run's preparation: compares one step of `probe` on the backend
   * with cpu, the first time this process uses the backend (later runs get the
   * same verdict), and on a mismatch moves the process to cpu. Without a
   * probe, nothing is checked. Other runs wait for this before they start.
   */
  verify(probe: StepProbe | undefined): Promise<BackendCheck>;
  /** The run no longer uses the backend (idempotent). */
  release(): void;
}

export class ProcessBackend {
  private readonly preparing = new Mutex();
  private users = 0;
  /** What each list of preferences resolved to, so asking again selects nothing. */
  private readonly selected = new Map<string, BackendChoice>();
  private readonly verdicts = new Map<string, BackendVerification>();

  /**
   * The backend for a run: the first of `preferences` that can be met (e.g.
   * ['wasm', 'auto']). Waits while another run prepares; throws a
   * BackendError when no preference can be met.
   */
  async acquire(preferences: readonly BackendPreference[]): Promise<BackendLease> {
    const unlock = await this.preparing.acquire();
    let choice: BackendChoice;
    try {
      choice = this.users > 0 ? this.shareActive(preferences) : await this.select(preferences);
    } catch (error) {
      unlock();
      throw error;
    }
    this.users++;
    let prepared = false;
    let released = false;
    const endPreparation = () => {
      if (prepared) return;
      prepared = true;
      unlock();
    };
    return {
      choice,
      verify: async (probe) => {
        try {
          return await this.verify(choice, probe);
        } finally {
          endPreparation();
        }
      },
      release: () => {
        endPreparation();
        if (released) return;
        released = true;
        this.users--;
      },
    };
  }

  private activeBackend(): string | undefined {
    return (tf.engine() as { backendName?: string | null }).backendName ?? undefined;
  }

  private async select(preferences: readonly BackendPreference[]): Promise<BackendChoice> {
    const key = preferences.join(' > ');
    const known = this.selected.get(key);
    if (known && known.name === this.activeBackend()) return known;
    let failure: unknown;
    for (const preference of preferences) {
      try {
        const choice = await selectBackend(preference);
        this.selected.set(key, choice);
        return choice;
      } catch (error) {
        failure = error;
      }
    }
    throw failure ?? new BackendError('no backend preference was given');
  }

  /** The backend a selection ends on: cpu once it failed the cross-check. */
  private effectiveName(choice: BackendChoice): string {
    return this.verdicts.get(choice.name)?.ok === false ? 'cpu' : choice.name;
  }

  /** Another run is training: its backend, when this run's preferences allow it. */
  private shareActive(preferences: readonly BackendPreference[]): BackendChoice {
    const name = this.activeBackend() ?? 'cpu';
    const known = this.selected.get(preferences.join(' > '));
    if (known && this.effectiveName(known) === name) return known;
    if (preferences.includes(name as BackendPreference)) return { name };
    if (preferences.includes('auto')) {
      return { name, reason: t('another run of this process is training on it, and tfjs runs one backend per process') };
    }
    throw new BackendError(
      t(
        'cannot use the {wanted} backend: another run of this process is training on the {active} backend, and tfjs runs one backend per process; ask for {active} or auto, or start this run when the other one has finished',
        { wanted: preferences[0], active: name },
      ),
    );
  }

  private async verify(choice: BackendChoice, probe: StepProbe | undefined): Promise<BackendCheck> {
    const checked = probe !== undefined && choice.name !== 'cpu';
    // Switching to cpu and back is safe only while no other run is training.
    if (checked && !this.verdicts.has(choice.name) && this.users === 1) {
      this.verdicts.set(choice.name, await verifyBackend(choice.name, probe));
    }
    const verdict = checked ? this.verdicts.get(choice.name) : undefined;
    const active = this.activeBackend() ?? choice.name;
    if (!verdict) {
      return {
        choice: active === choice.name ? choice : { name: active },
        log: checked ? { level: 'info', message: t('{0} is not checked against cpu: another run of this process is training on it', choice.name) } : undefined,
      };
    }
    if (verdict.ok) return { choice, log: { level: 'info', message: verdict.message } };
    if (active === choice.name && this.users > 1) {
      const message = t('{0}; another run of this process is training on {1}, so this one does too', verdict.message, choice.name);
      return { choice, log: { level: 'warning', message } };
    }
    return {
      choice: active === 'cpu' ? { name: 'cpu' } : await selectBackend('cpu'),
      log: { level: 'warning', message: t('{0}; training on the cpu backend instead', verdict.message) },
    };
  }
}

/** The one of this process: every training run goes through it. */
export const processBackend = new ProcessBackend();
