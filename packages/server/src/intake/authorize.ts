/**
 * Intake credentials. Client tokens are write-only (they can only add data, and ship inside web pages); the ingest
 * key optionally guards OTLP. Comparisons are constant-time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApplicationConfig } from '../config/config-schema.js';
import { BoundaryError } from '../errors.js';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface IntakeCredentials {
  /** The application a RUM batch claims, after checking its client token. */
  application(applicationId: string | undefined, clientToken: string | undefined): ApplicationConfig;
  /** The application whose client token this is (Datadog logs name no application). */
  applicationByToken(clientToken: string | undefined): ApplicationConfig;
  /** Checks the OTLP ingest key when one is configured. */
  checkIngestKey(given: string | undefined): void;
}

export function createIntakeCredentials(applications: ApplicationConfig[], ingestKey?: string): IntakeCredentials {
  const byId = new Map(applications.map((app) => [app.id, app]));
  const missingToken = () =>
    new BoundaryError('unauthorized', 'missing client token: pass ?token=<clientToken> or the x-rumlink-token header');
  const wrongToken = (id: string) =>
    new BoundaryError('unauthorized', `the client token is not the one of application "${id}"; check the SDK config`);
  return {
    application(applicationId, clientToken) {
      if (!applicationId) {
        throw new BoundaryError('unknown_application', 'missing application id: pass ?app=<applicationId>');
      }
      const application = byId.get(applicationId);
      if (!application) {
        throw new BoundaryError(
          'unknown_application',
          `unknown application "${applicationId.slice(0, 64)}"; configure it in the server's applications`,
        );
      }
      if (!clientToken) throw missingToken();
      if (!sameSecret(clientToken, application.clientToken)) throw wrongToken(application.id);
      return application;
    },
    applicationByToken(clientToken) {
      if (!clientToken) throw missingToken();
      const application = applications.find((app) => sameSecret(clientToken, app.clientToken));
      if (!application) throw new BoundaryError('unauthorized', 'the client token matches no configured application');
      return application;
    },
    checkIngestKey(given) {
      if (!ingestKey) return;
      if (!given || !sameSecret(given, ingestKey)) {
        throw new BoundaryError(
          'unauthorized',
          'missing or wrong ingest key: send "Authorization: Bearer <ingestKey>" (OTEL_EXPORTER_OTLP_HEADERS)',
        );
      }
    },
  };
}
