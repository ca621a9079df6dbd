/**
 * The console in AWS (infra/constructs/console.ts): a private, TLS-only bucket read by CloudFront through origin
 * access control, HTTPS only, security headers with a strict Content-Security-Policy, the built bundle deployed with
 * its config.json; the web app client signs people in with the authorization-code flow and PKCE (public client, no
 * implicit flow) and returns them to the distribution's URL; the API's CORS names the console's origin, never `*`.
 */
import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { headerCsp, indexWithCsp, pageCsp } from '../../infra/constructs/console-csp.ts';
import { devStack } from '../support/dev-stack.ts';

let template: Template;
type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ template } = devStack());
  resources = template.toJSON().Resources;
});

/** A CloudFormation value as text: references become `<LogicalId>` / `<LogicalId.Attribute>`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text).join('');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(text).join(separator);
    }
    if (typeof v.Ref === 'string') return `<${v.Ref}>`;
    if (Array.isArray(v['Fn::GetAtt'])) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  return JSON.stringify(value);
}

/** The value, or a failed test naming what was missing. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}

const only = (type: string): [string, Resource] => {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};
const distributionId = () => only('AWS::CloudFront::Distribution')[0];
const consoleOrigin = () => `https://<${distributionId()}.DomainName>`;
const siteBucketId = () => {
  const id = Object.keys(resources).find(
    (key) => key.startsWith('ConsoleSite') && resources[key]?.Type === 'AWS::S3::Bucket',
  );
  expect(id).toBeDefined();
  return id ?? '';
};

describe('the console bucket', () => {
  it('is private, encrypted, TLS-only and no website', () => {
    const bucket = resources[siteBucketId()];
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [expect.anything()] },
      LoggingConfiguration: expect.objectContaining({ LogFilePrefix: 'console/' }),
    });
    expect(bucket?.Properties.WebsiteConfiguration).toBeUndefined();
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && text(r.Properties.Bucket) === `<${siteBucketId()}>`,
    );
    const statements = (
      must(policy, 'the console bucket policy').Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Readable by this distribution only (OAC: the CloudFront service principal, conditioned on its ARN).
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(
      text(
        (must(reads[0], 'the read statement').Condition as { StringEquals: Record<string, unknown> }).StringEquals[
          'AWS:SourceArn'
        ],
      ),
    ).toContain(`<${distributionId()}>`);
  });
});

describe('the distribution', () => {
  it('reads the bucket with origin access control (no OAI), HTTPS only, index.html at the root, no SPA fallback', () => {
    expect(Object.values(resources).some((r) => r.Type === 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toBe(
      false,
    );
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const config = only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as Record<string, unknown>;
    const origins = config.Origins as Record<string, unknown>[];
    expect(origins).toHaveLength(1);
    expect(text(origins[0]?.OriginAccessControlId)).toBe(`<${oacId}.Id>`);
    expect(origins[0]?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(text(origins[0]?.DomainName)).toBe(`<${siteBucketId()}.RegionalDomainName>`);
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      DefaultCacheBehavior: expect.objectContaining({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      }),
      Logging: expect.objectContaining({ Prefix: 'console-cdn/' }),
    });
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.CacheBehaviors).toBeUndefined();
  });

  it('sends HSTS, nosniff, frame DENY, no referrer and a strict CSP on every answer', () => {
    const [policyId, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const config = only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as {
      DefaultCacheBehavior: { ResponseHeadersPolicyId: unknown };
    };
    expect(text(config.DefaultCacheBehavior.ResponseHeadersPolicyId)).toBe(`<${policyId}>`);
    const security = (
      policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> }
    ).SecurityHeadersConfig;
    expect(security).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: expect.any(Number), IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
    expect(
      (security.StrictTransportSecurity as { AccessControlMaxAgeSec: number }).AccessControlMaxAgeSec,
    ).toBeGreaterThanOrEqual(31_536_000);
    const csp = text((security.ContentSecurityPolicy as { ContentSecurityPolicy: unknown }).ContentSecurityPolicy);
    const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('img-src')).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://*.s3.<AWS::Region>.<AWS::URLSuffix>',
    ]);
    const domainId = only('AWS::Cognito::UserPoolDomain')[0];
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      'https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>',
      'https://*.s3.<AWS::Region>.<AWS::URLSuffix>',
      `https://<${domainId}>.auth.<AWS::Region>.amazoncognito.com`,
    ]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*(?!\.)/);
  });

  it('is the ConsoleUrl output', () => {
    const outputs = template.findOutputs('ConsoleUrl');
    expect(text(outputs.ConsoleUrl?.Value)).toBe(`${consoleOrigin()}/`);
  });
});

describe('the deployed bundle', () => {
  it('is copied with config.json and index.html, prunes old files and empties the CDN cache', () => {
    const [, deployment] = only('Custom::CDKBucketDeployment');
    expect(deployment.Properties).toMatchObject({
      Prune: true,
      DistributionPaths: ['/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(text(deployment.Properties.DestinationBucketName)).toBe(`<${siteBucketId()}>`);
    // The deploy-time values of index.html's CSP and config.json: the API, the evidence bucket, the Cognito domain,
    // the web client and the distribution.
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    const api = only('AWS::ApiGatewayV2::Api')[0];
    const client = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.GenerateSecret === false,
    )?.[0];
    for (const reference of [
      `["${api}","ApiEndpoint"]`,
      `{"Ref":"${client}"}`,
      `["${distributionId()}","DomainName"]`,
      '{"Ref":"DataEvidence',
    ])
      expect(markers).toContain(reference);
  });

  it('pins index.html’s own policy to this API, this evidence bucket and this Cognito domain', () => {
    const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
    const csp = pageCsp(
      'https://a1.execute-api.eu-west-1.amazonaws.com',
      'https://ev.s3.eu-west-1.amazonaws.com',
      'https://d.auth.eu-west-1.amazoncognito.com',
    );
    const page = indexWithCsp(html, csp);
    expect(page).toContain(`content="${csp}"`);
    expect(page.replace(csp, '')).toBe(html.replace(/content="default-src[^"]*"/, 'content=""'));
    expect(csp).toContain(
      "connect-src 'self' https://a1.execute-api.eu-west-1.amazonaws.com https://ev.s3.eu-west-1.amazonaws.com https://d.auth.eu-west-1.amazoncognito.com",
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(headerCsp('eu-west-1', 'https://d', 'amazonaws.com')).toContain("frame-ancestors 'none'");
    expect(() => indexWithCsp('<html></html>', csp)).toThrow(/Content-Security-Policy/);
  });
});

describe('signing in', () => {
  it('uses managed login (version 2) with a branding style for the web client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
  });

  it('lets the web client use the code flow only (PKCE: public, no secret, no implicit) back to the console', () => {
    const [, web] = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.GenerateSecret === false,
    ) ?? ['', undefined];
    expect(web?.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
    });
    const callbacks = (must(web, 'the web client').Properties.CallbackURLs as unknown[]).map(text);
    const logouts = (must(web, 'the web client').Properties.LogoutURLs as unknown[]).map(text);
    // The console first, then the configured extra ones (dev: the laptop).
    expect(callbacks).toEqual([`${consoleOrigin()}/`, 'http://localhost:3000/']);
    expect(logouts).toEqual(callbacks);
  });

  it('lets the API be called from the console’s origins only', () => {
    const cors = only('AWS::ApiGatewayV2::Api')[1].Properties.CorsConfiguration as Record<string, unknown>;
    expect((cors.AllowOrigins as unknown[]).map(text)).toEqual([consoleOrigin(), 'http://localhost:3000']);
    expect(JSON.stringify(cors)).not.toContain('"*"');
    expect(cors.AllowCredentials).toBeUndefined();
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']));
  });

  it('lets the console upload evidence from its origin', () => {
    const evidence = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('DataEvidence'),
    )?.[1];
    const rules = (
      must(evidence, 'the evidence bucket').Properties.CorsConfiguration as {
        CorsRules: { AllowedOrigins: unknown[] }[];
      }
    ).CorsRules;
    expect(rules.map((r) => r.AllowedOrigins.map(text))).toEqual([[consoleOrigin(), 'http://localhost:3000']]);
  });
});

describe('the stack', () => {
  it('stays well under CloudFormation’s 500 resources', () => {
    const count = Object.keys(resources).length;
    // CloudFormation refuses a template over 500; the console adds 11 (bucket and policy, distribution, OAC, headers
    // policy, login branding, the deployment and CDK’s copying function with its role, policy and layer).
    expect(count).toBeLessThan(500);
  });

  it('keeps the API and the evidence bucket out of the header policy (they name the console: that would be a cycle)', () => {
    const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const headers = JSON.stringify(policy.Properties);
    expect(headers).not.toContain(only('AWS::ApiGatewayV2::Api')[0]);
    expect(headers).not.toContain('DataEvidence');
  });
});
