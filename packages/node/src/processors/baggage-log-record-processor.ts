/**
 * Copies selected baggage entries (default `session.id`) from the context a log record was emitted in onto the
 * record as attributes. The context is the one the logger saw, so a record emitted inside a baggage context but
 * outside any span (a queue consumer before its span, a startup task) still carries the session. Attributes the
 * record already has win.
 *
 * Must run before any exporting processor: a simple or full batch processor serialises the record inside `onEmit`.
 */
import { type Context, context as contextApi, propagation } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { BaggageKeyFilter, type BaggageKeySelection } from '../baggage/baggage-keys.js';
import { reportInternalError } from '../diagnostics.js';

export class BaggageLogRecordProcessor implements LogRecordProcessor {
  private readonly filter: BaggageKeyFilter;

  /** @throws RumlinkConfigError when `baggageKeys` is neither a list of baggage keys nor a function. */
  constructor(baggageKeys?: BaggageKeySelection) {
    this.filter = new BaggageKeyFilter(baggageKeys);
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    const baggage = propagation.getBaggage(context ?? contextApi.active());
    if (baggage === undefined) return;
    try {
      this.filter.forEachSelected(baggage, record, copyToRecord);
    } catch (error) {
      reportInternalError('BaggageLogRecordProcessor.onEmit', error);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function copyToRecord(record: ReadWriteLogRecord, key: string, value: string): void {
  if (record.attributes[key] === undefined) record.setAttribute(key, value);
}
