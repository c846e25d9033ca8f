import * as counter from './sli-counters.ts';
import type { SliSnapshot } from './sli-snapshot.ts';
import { WINDOWS, perWindow, type PerWindow } from './sli-windows.ts';

type RateName = 'availability' | 'authSuccessRate' | 'throttleRate' | 'webhookSuccessRate' | 'deadLetterRate';

export type WindowRates = Pick<SliSnapshot, RateName> & {
  requests: PerWindow<number>;
  failures: PerWindow<number>;
};

/** Rates per window from counter sums given in the order of WINDOWS. */
export function computeWindowRates(sums: readonly Float64Array[]): WindowRates {
  const total = (window: (typeof WINDOWS)[number], fields: readonly number[]) => {
    const bucket = sums[WINDOWS.indexOf(window)];
    return fields.reduce((sum, field) => sum + (bucket?.[field] ?? 0), 0);
  };
  // Every rate is null over a window that saw nothing to divide by: "no data" is not "100%".
  const rate = (numerator: readonly number[], denominator: readonly number[]) =>
    perWindow((window) => {
      const of = total(window, denominator);
      return of > 0 ? total(window, numerator) / of : null;
    });
  const requests = perWindow((window) => total(window, [counter.REQUESTS]));
  const failures = perWindow((window) => total(window, [counter.REQUEST_ERRORS]));
  return {
    requests,
    failures,
    availability: perWindow((window) => (requests[window] > 0 ? 1 - failures[window] / requests[window] : null)),
    authSuccessRate: rate([counter.AUTH_SUCCEEDED], [counter.AUTH_SUCCEEDED, counter.AUTH_FAILED]),
    throttleRate: rate([counter.THROTTLED], [counter.ADMITTED, counter.THROTTLED]),
    webhookSuccessRate: rate(
      [counter.WEBHOOK_SUCCEEDED],
      [counter.WEBHOOK_SUCCEEDED, counter.WEBHOOK_FAILED, counter.WEBHOOK_DEAD],
    ),
    deadLetterRate: rate([counter.WEBHOOK_DEAD], [counter.WEBHOOK_SUCCEEDED, counter.WEBHOOK_DEAD]),
  };
}
