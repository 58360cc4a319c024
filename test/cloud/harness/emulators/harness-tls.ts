import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface HarnessTls {
  /** PEM file of the harness certificate authority (what NODE_EXTRA_CA_CERTS names). */
  readonly caFile: string;
  readonly ca: string;
  /** Server key and certificate, valid for localhost and the given IP addresses. */
  readonly key: string;
  readonly cert: string;
}

/**
 * A throw-away certificate authority and one server certificate it signs, made with the openssl CLI, so every
 * emulator and the database proxy speak verified TLS as AWS endpoints do.
 */
export function createHarnessTls(dir: string, ipAddresses: readonly string[] = ['127.0.0.1']): HarnessTls {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=rag cloud harness CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', file('server.key'), '-out', file('server.csr'));
  const altNames = ['DNS:localhost', ...ipAddresses.map((ip) => `IP:${ip}`)].join(',');
  writeFileSync(file('server.ext'), `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  );
  return {
    caFile: file('ca.pem'),
    ca: readFileSync(file('ca.pem'), 'utf8'),
    key: readFileSync(file('server.key'), 'utf8'),
    cert: readFileSync(file('server.pem'), 'utf8'),
  };
}
