/**
 * The browser console in AWS: the same bundle `npm start` serves (web/dist, built by scripts/build-web.ts during
 * synth the way the functions are bundled), in a private S3 bucket that only CloudFront reads (origin access
 * control), served over HTTPS only with security headers. People sign in through Cognito managed login with the
 * authorization-code flow and PKCE (web/src/auth.ts); `config.json` next to index.html tells the bundle where the
 * API and the sign-in pages are, so one bundle serves every stage and laptops (which serve no such config).
 *
 * The Content-Security-Policy comes twice, and the browser enforces both (what one forbids stays forbidden):
 * - the response header (CloudFront response headers policy) names the Cognito domain exactly, and the API and the
 *   evidence bucket as "any HTTP API / any bucket of this region". It cannot name them exactly: the API's CORS and
 *   the evidence bucket's CORS name this distribution's domain, so the distribution cannot depend on them in turn
 *   (CloudFormation refuses the cycle);
 * - the `<meta http-equiv>` of index.html, written at deploy time (BucketDeployment substitutes the references after
 *   every resource exists), names this API and this bucket exactly. The header is the floor, the meta the pin.
 * No inline script or style anywhere ('self' only): the bundle is one module script and one stylesheet.
 * No SPA fallback: the console is one page at `/` (the OAuth callback returns to `/?code=…`), so a missing object is a
 * plain 403/404 rather than index.html with a 200.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, type CfnElement, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { nagArnPart } from './bindings.ts';
import { headerCsp, indexWithCsp, pageCsp } from './console-csp.ts';
import { REPO_ROOT } from './paths.ts';

const WEB_DIR = join(REPO_ROOT, 'web');
const DIST_DIR = join(WEB_DIR, 'dist');

/** What the console reads from /config.json (web/src/auth.ts): where the API and the sign-in pages are. */
export interface ConsoleConfig {
  /** Base URL of the HTTP API, without a trailing slash. */
  apiUrl: string;
  auth: {
    /** Base URL of the Cognito domain (managed login, /oauth2/authorize, /oauth2/token, /logout). */
    domain: string;
    /** The web app client (public: no secret; code + PKCE). */
    clientId: string;
    region: string;
    /** Where managed login sends people back, and where sign-out lands: the console itself. */
    redirectUri: string;
  };
}

export interface ConsoleProps {
  /** Base URL of the HTTP API (`https://{id}.execute-api.{region}.amazonaws.com`). */
  apiUrl: string;
  /** Base URL of the Cognito domain. */
  authDomain: string;
  /** The web app client's id. */
  clientId: string;
  /** Evidence bucket: the console PUTs uploads to it and shows images from presigned read URLs. */
  evidenceBucket: IBucket;
  /** Receives the bucket's server access logs and CloudFront's standard logs (ACLs enabled). */
  accessLogs: IBucket;
}

/** Builds the bundle (scripts/build-web.ts, ~1 s) and copies its assets into the deployment's staging directory. */
function buildAssets(outputDir: string): boolean {
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  execFileSync(process.execPath, [tsx, join(REPO_ROOT, 'scripts/build-web.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cpSync(join(DIST_DIR, 'assets'), join(outputDir, 'assets'), { recursive: true });
  return true;
}

export class Console extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://{distribution domain}/`: the console's address, its OAuth redirect URI and sign-out landing. */
  readonly url: string;
  /** `https://{distribution domain}`: what CORS rules name. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    // Only CloudFront reads it (OAC adds the bucket policy); nothing in it is secret, but nothing is public either.
    // Its content is rebuilt by every deployment, so it goes with the stack.
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Refund console: HSTS, CSP, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: headerCsp(region, props.authDomain, Stack.of(this).urlSuffix),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // The OAuth callback URL carries the authorization code until the console removes it: never send it on.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
            override: true,
          },
        ],
      },
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Refund console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'console-cdn/',
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;

    const evidenceOrigin = `https://${props.evidenceBucket.bucketName}.s3.${region}.${Stack.of(this).urlSuffix}`;
    const config: ConsoleConfig = {
      apiUrl: props.apiUrl,
      auth: { domain: props.authDomain, clientId: props.clientId, region, redirectUri: this.url },
    };
    const index = indexWithCsp(
      readFileSync(join(WEB_DIR, 'index.html'), 'utf8'),
      pageCsp(props.apiUrl, evidenceOrigin, props.authDomain),
    );
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [
        // Bundled during synth like the functions (skipped with them: context aws:cdk:bundling-stacks = []).
        Source.asset(WEB_DIR, {
          // Hashed by what is built (the bundle also takes in functions/domain's label catalogue).
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
            local: { tryBundle: buildAssets },
          },
        }),
        Source.data('index.html', index),
        Source.jsonData('config.json', config),
      ],
      destinationBucket: this.bucket,
      // The bundle's names carry no hash: browsers revalidate (ETag), and every deployment empties the CDN's cache.
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      retainOnDelete: false,
      memoryLimit: 256,
    });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'No geo restriction: buyers and merchants sign in from wherever they are; access is by Cognito sign-in.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'Static files only (no data, no writes); every data request goes to the API, which is throttled and ' +
          'authorized. A WAF web ACL for CloudFront lives in us-east-1; add one there if the files need it.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot pin a minimum TLS version; with a custom domain and ' +
          'certificate set TLSv1.2_2021 (docs/deploy.md, "The console").',
      },
    );
    // The copying function is CDK's, one per stack (a singleton beside this construct), not the project's code.
    const copier = Stack.of(this).node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!copier) throw new Error(`BucketDeployment ${deployment.node.path} has no handler function`);
    const cdkOwned = 'CDK’s own BucketDeployment function (copies the built console to the bucket at deploy time)';
    const stack = Stack.of(this);
    const [partition, region_, account] = (['Partition', 'Region', 'AccountId'] as const).map((p) =>
      nagArnPart(stack, p),
    );
    const qualifier = this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? 'hnb659fds';
    const siteId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    const wildcards = [
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((a) => `Action::${a}`),
      `Resource::arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${region_}/*`,
      `Resource::<${siteId}.Arn>/*`,
    ];
    Validations.of(copier).acknowledge(
      ...wildcards.map((finding) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
        reason:
          'CDK grants its deployment function read of the asset staging bucket’s objects and write of the ' +
          'console bucket’s objects: a deployment copies and prunes every object, hence the wildcards.',
      })),
      { id: 'AwsSolutions::AwsSolutions-L1', reason: `${cdkOwned}: aws-cdk-lib picks and updates its runtime.` },
      { id: 'Serverless::Serverless-LambdaLatestVersion', reason: `${cdkOwned}: aws-cdk-lib picks its runtime.` },
      {
        id: 'Serverless::Serverless-LambdaDLQ',
        reason: `${cdkOwned}: CloudFormation invokes it synchronously and fails the deployment on an error.`,
      },
      {
        id: 'Serverless::Serverless-LambdaTracing',
        reason: `${cdkOwned}: runs only during deployments; its outcome is the stack event and its log.`,
      },
    );
  }
}
