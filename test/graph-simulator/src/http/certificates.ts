import { X509Certificate } from 'node:crypto';

import { generate } from 'selfsigned';

// MSAL refuses http:// authorities (libs/graph-client/README.md, "Local authority"), so the
// simulator serves HTTPS with a CA made at start. Clients trust that CA explicitly (graph-client's
// caFile), never through a process-wide setting.

export interface TlsMaterial {
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
}

export interface ClientCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** Hex SHA-1 thumbprint (MSAL `thumbprint`, header `x5t`). */
  readonly thumbprintSha1: string;
  /** Hex SHA-256 thumbprint (MSAL `thumbprintSha256`, header `x5t#S256`). */
  readonly thumbprintSha256: string;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The server certificate names localhost, 127.0.0.1 and ::1, and `extraIp` when given. */
export async function createTlsMaterial(extraIp?: string): Promise<TlsMaterial> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + YEAR_MS);
  const ca = await generate([{ name: 'commonName', value: 'callrecords graph simulator CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          ...(extraIp ? [{ type: 7 as const, ip: extraIp }] : []),
        ],
      },
    ],
  });
  return { caPem: ca.cert, serverCertPem: server.cert, serverKeyPem: server.private };
}

export function thumbprintsOf(certificatePem: string): { sha1: string; sha256: string } {
  const certificate = new X509Certificate(certificatePem);
  const hex = (fingerprint: string): string => fingerprint.replace(/:/g, '').toUpperCase();
  return { sha1: hex(certificate.fingerprint), sha256: hex(certificate.fingerprint256) };
}

/** A self-signed certificate an app registration can use for client-assertion sign-in. */
export async function createClientCertificate(commonName: string): Promise<ClientCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + YEAR_MS),
  });
  const thumbprints = thumbprintsOf(pems.cert);
  return {
    certificatePem: pems.cert,
    privateKeyPem: pems.private,
    thumbprintSha1: thumbprints.sha1,
    thumbprintSha256: thumbprints.sha256,
  };
}
