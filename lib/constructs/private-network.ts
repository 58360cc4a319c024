import { RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  type InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
  type SubnetSelection,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface PrivateNetworkProps {
  /**
   * Whether functions need to reach the internet (the OpenAI API). Only then does the VPC get
   * public subnets and a NAT gateway; with Bedrock every call stays on VPC endpoints.
   * @default false
   */
  readonly internetEgress?: boolean;
  /** Add an interface endpoint for Bedrock runtime (when Bedrock is the provider). @default false */
  readonly bedrockEndpoint?: boolean;
  /** Add an interface endpoint for Amazon Textract (OCR at ingest, when the VPC has no egress). @default false */
  readonly textractEndpoint?: boolean;
  /** Address range of the VPC. @default '10.40.0.0/16' */
  readonly cidr?: string;
  /** Availability zones; Aurora and RDS Proxy need subnets in at least two. @default 2 */
  readonly maxAzs?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly flowLogRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The VPC the database and its clients live in: private subnets only, unless a provider
 * outside AWS needs egress, and endpoints for the AWS services the functions call.
 */
export class PrivateNetwork extends Construct {
  readonly vpc: Vpc;
  /** Where database clients (Lambdas) run. */
  readonly appSubnets: SubnetSelection;
  /** Where Aurora and RDS Proxy run: isolated, never routed to the internet. */
  readonly dataSubnets: SubnetSelection;
  /** The endpoints functions depend on at start-up (Secrets Manager, Bedrock). */
  readonly interfaceEndpoints: InterfaceVpcEndpoint[] = [];

  constructor(scope: Construct, id: string, props: PrivateNetworkProps = {}) {
    super(scope, id);
    const internetEgress = props.internetEgress ?? false;
    const cidr = props.cidr ?? '10.40.0.0/16';

    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr(cidr),
      maxAzs: props.maxAzs ?? 2,
      // One NAT gateway (not one per AZ): egress is only for model API calls, and a second
      // gateway would double the largest idle cost for little availability gain.
      natGateways: internetEgress ? 1 : 0,
      subnetConfiguration: [
        ...(internetEgress ? [{ name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }] : []),
        {
          name: 'app',
          subnetType: internetEgress ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
          cidrMask: 22,
        },
        { name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    this.appSubnets = { subnetGroupName: 'app' };
    this.dataSubnets = { subnetGroupName: 'data' };

    const flowLogs = new LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: FlowLogTrafficType.ALL,
    });

    // Gateway endpoints are free; S3 traffic (raw documents) never needs the NAT gateway.
    this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: GatewayVpcEndpointAwsService.S3,
      subnets: [this.appSubnets],
    });
    // HTTPS from inside the VPC only; the range is written out (not the VPC's CidrBlock
    // attribute) so the rule is checkable at synth.
    const endpointSecurityGroup = new SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(443), 'HTTPS from the VPC');
    const endpoint = (id: string, service: InterfaceVpcEndpointAwsService) =>
      this.vpc.addInterfaceEndpoint(id, {
        service,
        subnets: this.appSubnets,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [endpointSecurityGroup],
      });
    this.interfaceEndpoints.push(endpoint('SecretsManagerEndpoint', InterfaceVpcEndpointAwsService.SECRETS_MANAGER));
    if (props.bedrockEndpoint) {
      this.interfaceEndpoints.push(endpoint('BedrockRuntimeEndpoint', InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME));
    }
    if (props.textractEndpoint) {
      this.interfaceEndpoints.push(endpoint('TextractEndpoint', InterfaceVpcEndpointAwsService.TEXTRACT));
    }
  }
}
