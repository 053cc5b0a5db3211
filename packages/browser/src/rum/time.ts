/** One clock for every event: epoch milliseconds. Performance entries are converted with the current offset
 *  between the two clocks, so their times line up with backend spans (wall clock) as closely as the browser can. */
export const epochOf = (performanceTime: number): number => Date.now() - performance.now() + performanceTime;
