// Leadership alone is not permission to act: after taking over, the manager first reads the
// topics up to where they stood at that moment (the old leader's last events included).
import type { CatchUp } from './createCatchUp.ts';

export interface Takeover {
  /** Leader and caught up since becoming leader. */
  canAct(): boolean;
  /** Call from the leadership's onChange. */
  onLeadership(leader: boolean): void;
}

export interface TakeoverOptions {
  isLeader: () => boolean;
  catchUp: CatchUp;
  /** Called once acting is allowed (e.g. kick the reconciler). */
  onReady?: () => void;
  onCatchUpTimeout?: () => void;
  onError?: (error: unknown) => void;
}

export function createTakeover(options: TakeoverOptions): Takeover {
  let ready = false;
  let generation = 0;
  return {
    canAct: () => ready && options.isLeader(),
    onLeadership(leader) {
      generation += 1;
      ready = false;
      if (!leader) return;
      const mine = generation;
      const attempt = (): void => {
        options.catchUp.wait().then(
          (complete) => {
            if (mine !== generation || !options.isLeader()) return;
            if (!complete) options.onCatchUpTimeout?.();
            ready = true;
            options.onReady?.();
          },
          (error: unknown) => {
            options.onError?.(error);
            if (mine === generation) setTimeout(attempt, 1_000);
          },
        );
      };
      attempt();
    },
  };
}
