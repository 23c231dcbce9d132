// Leadership alone is not permission to act: after taking over, the manager first reads the
// topics up to where they stood at that moment (the old leader's last events included).
import type { CatchUp } from './createCatchUp.ts';

export interface Takeover {
  /** Leader and caught up since becoming leader. */
  canAct(): boolean;
  /**
   * Call from the leadership's onChange. Resolves `true` once this leadership may act (e.g. kick
   * the reconciler then), `false` when it ended first or `leader` is false.
   */
  onLeadership(leader: boolean): Promise<boolean>;
}

export interface TakeoverOptions {
  catchUp: CatchUp;
  onCatchUpTimeout?: () => void;
  onError?: (error: unknown) => void;
  /** Wait before asking the catch-up again after it failed. Default 1 s. */
  retryMs?: number;
}

export function createTakeover(options: TakeoverOptions): Takeover {
  let leader = false;
  let ready = false;
  let generation = 0;
  return {
    canAct: () => leader && ready,
    onLeadership(next) {
      generation += 1;
      leader = next;
      ready = false;
      if (!next) return Promise.resolve(false);
      const mine = generation;
      return new Promise((resolve) => {
        const attempt = (): void => {
          options.catchUp.wait().then(
            (complete) => {
              if (mine !== generation) {
                resolve(false);
                return;
              }
              if (!complete) options.onCatchUpTimeout?.();
              ready = true;
              resolve(true);
            },
            (error: unknown) => {
              options.onError?.(error);
              if (mine === generation) setTimeout(attempt, options.retryMs ?? 1_000);
              else resolve(false);
            },
          );
        };
        attempt();
      });
    },
  };
}
