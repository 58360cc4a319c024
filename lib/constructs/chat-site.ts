import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { FRONTEND_DIST_DIR } from '../project-paths.js';

/** What the site reads at start-up from /config.json. */
export interface SiteRuntimeConfig {
  /** Base of the HTTP API; same origin, so no CORS. */
  readonly apiUrl: string;
  /** API Gateway cannot carry large bodies, so the site uploads to S3 with presigned URLs. */
  readonly uploads: 'presigned';
  readonly auth: {
    readonly type: 'cognito';
    readonly region: string;
    readonly userPoolId: string;
    readonly userPoolClientId: string;
  };
}

/**
 * The site's Content-Security-Policy: scripts, styles and images from the site itself; API
 * calls to the same origin, Cognito sign-in, and presigned uploads to the raw bucket. Inline
 * styles are allowed because the React components set style attributes; inline scripts are not.
 */
export function siteContentSecurityPolicy(region: string, uploadOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' https://cognito-idp.${region}.amazonaws.com ${uploadOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Served when the site has not been built (`frontend/dist` missing), so synth and deploy still work. */
export const PLACEHOLDER_INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>RAG document chatbot</title></head>
<body>
<h1>RAG document chatbot</h1>
<p>The web site was not built before this deployment. Run <code>npm run build</code> in <code>frontend/</code>, then <code>npx cdk deploy</code> again. The API is already available under <code>/api</code>.</p>
</body>
</html>
`;

// Client-side routes (no file extension) load the single-page app; files are served as-is.
// Attached to the site behaviour only, so /api/* errors are never rewritten into HTML.
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

export interface ChatSiteProps {
  readonly api: RestApi;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly accessLogsBucket: IBucket;
  /** Custom domain; needs `certificateArn`. @default - the CloudFront domain */
  readonly domainName?: string;
  /** ACM certificate in us-east-1 for `domainName`. @default - the CloudFront default certificate */
  readonly certificateArn?: string;
  /** @default FRONTEND_DIST_DIR (frontend/dist), or a placeholder page when it does not exist */
  readonly siteDir?: string;
  /** Origin the browser PUTs presigned uploads to (the raw bucket's regional endpoint), allowed by the CSP. */
  readonly uploadOrigin: string;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The chat web site: a private bucket behind CloudFront (origin access control), with
 * `/api/*` routed to API Gateway on the same domain and a runtime `config.json`.
 */
export class ChatSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https URL of the site. */
  readonly url: string;
  /** Whether the built site was deployed (false: the placeholder page). */
  readonly siteBuilt: boolean;

  constructor(scope: Construct, id: string, props: ChatSiteProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const siteDir = props.siteDir ?? FRONTEND_DIST_DIR;
    this.siteBuilt = existsSync(siteDir);

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    });

    const certificate = props.certificateArn ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;

    const stack = Stack.of(this);
    const responseHeaders = new ResponseHeadersPolicy(this, 'ResponseHeaders', {
      comment: `${stack.stackName} site: CSP and security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: siteContentSecurityPolicy(stack.region, props.uploadOrigin), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName} chat site`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(certificate && props.domainName
        ? {
            certificate,
            domainNames: [props.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: props.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: responseHeaders,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'SpaRewrite', {
              code: FunctionCode.fromInline(SPA_REWRITE),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Serve index.html for client-side routes',
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Forwards every viewer header (Authorization included) except Host, which API
          // Gateway needs to be its own domain.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: responseHeaders,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The audience is whoever the operator invites, anywhere; access is controlled by Cognito, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'A WAF web ACL is billed monthly plus per rule; it is left to the operator. The API behind /api/* needs Cognito tokens and is throttled.',
      },
    );
    if (!certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'With the default *.cloudfront.net certificate CloudFront does not let the minimum TLS version be set. Configure site.domainName and site.certificateArn to get TLSv1.2_2021.',
      });
    }

    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    const runtimeConfig: SiteRuntimeConfig = {
      apiUrl: '/api',
      uploads: 'presigned',
      auth: {
        type: 'cognito',
        region: Stack.of(this).region,
        userPoolId: props.userPoolId,
        userPoolClientId: props.userPoolClientId,
      },
    };
    new BucketDeployment(this, 'Deployment', {
      sources: [this.siteBuilt ? Source.asset(siteDir) : Source.data('index.html', PLACEHOLDER_INDEX_HTML), Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 512,
    });
  }
}
