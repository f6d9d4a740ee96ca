import { X509Certificate } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { createTlsMaterial } from './certificates';

describe(createTlsMaterial.name, () => {
  it('names loopback in the server certificate, and the extra address when one is given', async () => {
    const [plain, withHost] = await Promise.all([
      createTlsMaterial(),
      createTlsMaterial('192.0.2.2'),
    ]);

    expect(new X509Certificate(plain.serverCertPem).subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(new X509Certificate(withHost.serverCertPem).subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.0.2.2',
    );
    expect(new X509Certificate(withHost.serverCertPem).checkIP('192.0.2.2')).toBe('192.0.2.2');
  });
});
