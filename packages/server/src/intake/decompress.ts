/**
 * Request body decoding for every intake route: `Content-Encoding` gzip/deflate (and Datadog's zlib `deflate`),
 * bounded in decompressed size so a small compressed body cannot expand without limit.
 */
import { promisify } from 'node:util';
import { gunzip, inflate, inflateRaw } from 'node:zlib';
import { BoundaryError } from '../errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

export type BodyEncoding = 'identity' | 'gzip' | 'deflate';

export function parseContentEncoding(header: string | undefined, announcedBy = 'Content-Encoding'): BodyEncoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  throw new BoundaryError(
    'unsupported_encoding',
    `${announcedBy} "${value}" is not supported; send the body uncompressed, gzip or deflate`,
  );
}

/**
 * @param announcedBy what told us the encoding (a header or Datadog's `dd-evp-encoding`), named in error messages.
 */
export async function decompressBody(
  body: Buffer,
  encoding: BodyEncoding,
  maxBytes: number,
  announcedBy = 'Content-Encoding',
): Promise<Buffer> {
  const tooLarge = () =>
    new BoundaryError('body_too_large', `the decompressed body exceeds ${maxBytes} bytes; send smaller batches`);
  if (encoding === 'identity') {
    if (body.length > maxBytes) throw tooLarge();
    return body;
  }
  const options = { maxOutputLength: maxBytes };
  try {
    if (encoding === 'gzip') return await gunzipAsync(body, options);
    // HTTP "deflate" means a zlib stream, but some clients send raw deflate: accept both.
    return await inflateAsync(body, options).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_BUFFER_TOO_LARGE') throw error;
      return inflateRawAsync(body, options);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new BoundaryError(
      'invalid_body',
      `the body is not valid ${encoding} data (${(error as Error).message}); check that ${announcedBy} matches the body`,
      { cause: error },
    );
  }
}
