/**
 * Web vitals (TTFB, FCP, LCP, CLS, INP) through Google's `web-vitals` library, on the view the page loaded in:
 * they describe the page load (TTFB, FCP, LCP) or the whole page's life (CLS, INP), as web-vitals and CrUX define
 * them. CLS, INP and LCP are reported as they change, so the view's next version always has the latest values.
 */
import { type Metric, onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import { guarded, type Reporter } from '../reporter.js';
import type { ViewTracker } from './views.js';

export function startVitals(views: ViewTracker, reporter: Reporter): () => void {
  let active = true;
  const record = (metric: Metric) =>
    guarded(reporter, () => {
      if (!active) return;
      views.initial.fields.vitals[metric.name.toLowerCase()] = Math.round(metric.value * 1e4) / 1e4;
      views.changed(views.initial);
    });
  const changes = { reportAllChanges: true };
  onTTFB(record);
  onFCP(record);
  onLCP(record, changes);
  onCLS(record, changes);
  onINP(record, changes);
  // web-vitals has no way to unsubscribe: after stop() its reports are ignored.
  return () => {
    active = false;
  };
}
