/** The `--config FILE` schema: validation and types from one declaration. */
import { z } from 'zod';

const secret = (what: string) =>
  z.string().min(16, `${what} must be at least 16 characters (use a random string, e.g. \`openssl rand -hex 16\`)`);

export const applicationSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 . _ -'),
  name: z.string().min(1).max(128).optional(),
  clientToken: secret('clientToken'),
});

export const configSchema = z.strictObject({
  applications: z
    .array(applicationSchema)
    .default([])
    .refine((apps) => new Set(apps.map((app) => app.id)).size === apps.length, 'application ids must be unique'),
  ingestKey: secret('ingestKey').optional(),
  apiKey: secret('apiKey').optional(),
  retentionDays: z.number().int().min(0, 'must be 0 (keep forever) or more').max(3650).default(7),
});

export type ApplicationConfig = z.infer<typeof applicationSchema>;
export type RumlinkConfig = z.infer<typeof configSchema>;
