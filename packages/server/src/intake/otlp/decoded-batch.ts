/** What the OTLP/HTTP routes hand to the decoders and get back from them. */

export type OtlpFormat = 'protobuf' | 'json';

export interface DecodedBatch<Row> {
  rows: Row[];
  /** Records dropped one by one (OTLP partial success); the rest of the request is kept. */
  rejected: number;
  /** Why they were dropped, for `partial_success.error_message`; '' when nothing was rejected. */
  errorMessage: string;
}

export interface DecodeLimits {
  /** Attribute values and log bodies longer than this many UTF-16 characters are cut to it. */
  maxAttributeLength?: number;
}

export const DEFAULT_MAX_ATTRIBUTE_LENGTH = 8192;
