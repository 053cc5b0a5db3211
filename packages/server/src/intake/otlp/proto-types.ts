import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * The OTLP request/response message types, reflected from the `.proto` files shipped in `packages/server/proto`.
 * That directory is a sibling of both `src` and `dist`, so the same relative URL works under vitest and after build.
 */
const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

const SERVICE_FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
];

export interface OtlpProtoTypes {
  traceRequest: protobuf.Type;
  traceResponse: protobuf.Type;
  logsRequest: protobuf.Type;
  logsResponse: protobuf.Type;
}

let loaded: OtlpProtoTypes | undefined;

/** Parses the `.proto` files on first use (synchronously, a few milliseconds) and reuses the result afterwards. */
export function otlpProtoTypes(): OtlpProtoTypes {
  loaded ??= loadTypes();
  return loaded;
}

function loadTypes(): OtlpProtoTypes {
  // Without long.js protobufjs decodes 64-bit fields into lossy doubles; nanosecond timestamps need all 64 bits.
  if (!protobuf.util.Long) throw new Error('protobufjs has no Long support: the "long" package is missing');
  const root = new protobuf.Root();
  // Imports in the .proto files are relative to the proto root, not to the importing file.
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
  root.loadSync(SERVICE_FILES, { keepCase: false });
  root.resolveAll();
  return {
    traceRequest: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    traceResponse: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    logsRequest: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    logsResponse: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
  };
}
