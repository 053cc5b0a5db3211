/** Long tasks: long animation frames where the browser has them (they say more: rendering included), else the
 *  `longtask` entries. Both are main-thread work of 50 ms or more that kept the page from answering the user. */
import type { Reporter } from '../reporter.js';
import { observePerformance } from './dom-events.js';
import type { RawEvent } from './rum-event.js';
import { epochOf } from './time.js';
import type { ViewTracker } from './views.js';

export function startLongTasks(reporter: Reporter, views: ViewTracker, emit: (event: RawEvent) => void): () => void {
  const frames = PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame');
  return observePerformance(frames ? 'long-animation-frame' : 'longtask', reporter, (entry) => {
    views.count(views.current(), 'longTasks');
    emit({
      type: 'long_task',
      time: epochOf(entry.startTime),
      longTask: { durationMs: Math.round(entry.duration), kind: frames ? 'long-animation-frame' : 'long-task' },
    });
  });
}
