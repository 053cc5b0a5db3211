/** pino for the auth service and the worker: JSON lines on stdout and, through @rumlink/node, OTLP log records. */
import { rumlinkPinoMixin, rumlinkPinoStream } from '@rumlink/node';
import pino from 'pino';

export const createPinoLogger = () =>
  pino({ mixin: rumlinkPinoMixin() }, pino.multistream([{ stream: process.stdout }, { stream: rumlinkPinoStream() }]));
