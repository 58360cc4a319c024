import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';

/**
 * Everything a function needs to reach the vector database: where it listens, the secret
 * holding the credentials, and the network placement that lets it connect.
 */
export interface DatabaseConnection {
  readonly vpc: IVpc;
  /** Subnets the database clients (Lambdas) run in. */
  readonly clientSubnets: SubnetSelection;
  /** Security group allowed into the database (or its proxy) on `port`. */
  readonly clientSecurityGroup: ISecurityGroup;
  /** RDS Proxy endpoint, or the cluster writer endpoint when the proxy is off. */
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  /** Aurora-managed secret: JSON with username and password. */
  readonly secret: ISecret;
}
