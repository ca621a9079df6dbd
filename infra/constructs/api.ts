/**
 * The public HTTPS API: an HTTP API whose routes come from functions/api/routes.ts, each served by its own
 * function, protected by a JWT authorizer on a Cognito user pool. Only the health check, the OpenAPI document and
 * the signed payment webhook are public. Throttled and access-logged: the stage default applies to the signed-in
 * routes, and each public route has a throttle of its own ({@link PUBLIC_ROUTE_THROTTLES}), so a flood on one of them
 * is refused there and takes nothing from the webhook or from buyers.
 *
 * Who can call (functions/http/principal.ts reads the claims):
 * - people sign in through the web client (authorization code + PKCE, or SRP from an SDK) and send their ID token;
 *   their role is their Cognito group, a merchant's merchant the `custom:merchant_id` attribute, which no app client
 *   may write: only an administrator sets it (`npm run admin`);
 * - the order system is an app client of its own with the client-credentials grant and the `refund-api/system`
 *   scope of the API's resource server; no user, no MFA prompt.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES } from '../../functions/api/routes.ts';
import { PERSON_ROLES, RESOURCE_SERVER, SYSTEM_SCOPE } from '../../functions/http/principal.ts';
import { type Bindable, bindNeeds } from './bindings.ts';
import { RefundFunction } from './refund-function.ts';

/** Requests per second (rate) and burst per public route key (`METHOD /path`), each on its own bucket. */
export interface RouteThrottle {
  rate: number;
  burst: number;
}

/**
 * The public routes' own throttles (HTTP API stage `RouteSettings`, per route key); every public route of
 * functions/api/routes.ts must have one (the template test checks it).
 * - `GET /health`: an uptime checker polls every few seconds from a handful of regions; 10/s is ten times that.
 * - `GET /openapi.json`: fetched by a developer or a client generator now and then; 5/s.
 * - `POST /v1/payments/webhook`: sized to the provider. It sends one callback per payout outcome (SETTLED or
 *   FAILED) and redelivers every non-2xx with backoff; refunds are paid at most as fast as the lifecycle's Payout
 *   task runs, well under 20/s at the stage default of 200 requests/s for buyers. 50/s with a burst of 100 is twice
 *   a backlog of redeliveries arriving at once after an outage; above it the provider gets 429 and redelivers later,
 *   which loses nothing (settlement is idempotent). Raise it with the provider's documented peak callback rate.
 */
export const PUBLIC_ROUTE_THROTTLES: Readonly<Record<string, RouteThrottle>> = {
  'GET /health': { rate: 10, burst: 20 },
  'GET /openapi.json': { rate: 5, burst: 10 },
  'POST /v1/payments/webhook': { rate: 50, burst: 100 },
  // The channels notify once per refund and redeliver what was refused: the webhook's budget, each its own.
  'POST /v1/payments/alipay/notify': { rate: 50, burst: 100 },
  'POST /v1/payments/wechat/notify': { rate: 50, burst: 100 },
};

export interface ApiProps extends Bindable {
  /** OAuth callback (and sign-out) URLs of the browser console: the deployed console's and any configured. */
  callbackUrls: string[];
  /** Origins browsers may call the API from (CORS): the deployed console's and the callback URLs'. Never `*`. */
  corsOrigins: string[];
  /** Prefix of the Cognito hosted domain that serves the OAuth2 endpoints. */
  authDomainPrefix: string;
  /** Keep the user pool (people, passwords, MFA) when the stack is deleted. @default true */
  retainUsers?: boolean;
  /** Requests per second of each signed-in route (the stage default). @default 200 */
  rateLimit?: number;
  /** @default 400 */
  burstLimit?: number;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;
  /** People: ID tokens with their group and merchant id. */
  readonly webClient: UserPoolClient;
  /** The order system: client credentials, access tokens with {@link SYSTEM_SCOPE}. */
  readonly orderSystemClient: UserPoolClient;
  readonly tokenEndpoint: string;
  /** Base URL of the Cognito domain: managed login and the OAuth2 endpoints. */
  readonly authDomain: string;
  readonly systemScope = SYSTEM_SCOPE;
  readonly functions: Record<string, RefundFunction>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Merchants' ID tokens carry the merchant they act for. Mutable so an administrator can move a person to
      // another merchant; no app client lists it in its WriteAttributes, so the person cannot.
      customAttributes: { merchant_id: new StringAttribute({ mutable: true, maxLen: 128 }) },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: props.retainUsers === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    for (const role of PERSON_ROLES)
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });

    // Managed login (the newer hosted UI); its look comes from the branding below, Cognito's defaults.
    const domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.authDomain = domain.baseUrl();
    this.tokenEndpoint = `${this.authDomain}/oauth2/token`;
    const systemScope = new ResourceServerScope({
      scopeName: SYSTEM_SCOPE.slice(RESOURCE_SERVER.length + 1),
      scopeDescription: 'Push order facts (the order system)',
    });
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', {
      userPool: this.userPool,
      identifier: RESOURCE_SERVER,
      scopes: [systemScope],
    });
    // What people may change about themselves: their name and locale; never their merchant.
    const writeAttributes = new ClientAttributes().withStandardAttributes({ fullname: true, locale: true });
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.callbackUrls,
      },
      writeAttributes,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    // Managed login shows nothing for a client without a branding style: Cognito's own look, in the person's language.
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.orderSystemClient = this.userPool.addClient('OrderSystemClient', {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true, authorizationCodeGrant: false, implicitCodeGrant: false },
        scopes: [OAuthScope.resourceServer(resourceServer, systemScope)],
      },
      writeAttributes,
      accessTokenValidity: Duration.hours(1),
    });
    // Cognito returns the access token's `client_id` where ID tokens have `aud`; the authorizer checks either.
    const authorizer = new HttpJwtAuthorizer('Jwt', this.userPool.userPoolProviderUrl, {
      jwtAudience: [this.webClient.userPoolClientId, this.orderSystemClient.userPoolClientId],
    });

    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Refund pipeline API',
      createDefaultStage: true,
      // The console calls from its own origin. API Gateway answers the preflight itself (no authorizer, no function).
      corsPreflight: {
        allowOrigins: props.corsOrigins,
        allowMethods: [...new Set(ROUTES.map((route) => CorsHttpMethod[route.method]))],
        allowHeaders: ['authorization', 'content-type', 'accept', 'accept-language', 'idempotency-key', 'if-match'],
        exposeHeaders: ['content-disposition', 'x-next-cursor', 'location', 'retry-after', 'etag'],
        maxAge: Duration.hours(1),
      },
    });
    this.functions = {};
    const publicRoutes: HttpRoute[] = [];
    const deployed = ROUTES.filter((r) => !(r.notInProduction && props.stage === 'prod'));
    const publicKeys = deployed.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
    for (const route of deployed) {
      const fn = new RefundFunction(this, route.id, {
        entry: route.entry,
        description: `${route.method} ${route.path}`,
      });
      bindNeeds(fn.fn, route.needs, props);
      this.functions[route.id] = fn;
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn.fn),
        authorizer: route.public ? new HttpNoneAuthorizer() : authorizer,
      });
      if (route.public) {
        publicRoutes.push(...routes);
        for (const r of routes) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason:
              `${route.method} ${route.path} is public by contract (docs/api.md); the public routes are exactly ` +
              `${publicKeys.join(', ')}: a health check, the OpenAPI document (no data), and a webhook ` +
              'authenticated by its HMAC signature. Each has its own throttle.',
          });
        }
      }
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild;
    if (stage instanceof CfnStage) {
      stage.defaultRouteSettings = {
        throttlingRateLimit: props.rateLimit ?? 200,
        throttlingBurstLimit: props.burstLimit ?? 400,
      };
      // A JSON property: CloudFormation's own (PascalCase) names, which CDK does not convert here.
      stage.routeSettings = Object.fromEntries(
        publicKeys.map((key) => {
          const throttle = PUBLIC_ROUTE_THROTTLES[key];
          if (!throttle) throw new Error(`public route ${key} has no throttle in PUBLIC_ROUTE_THROTTLES`);
          return [key, { ThrottlingRateLimit: throttle.rate, ThrottlingBurstLimit: throttle.burst }];
        }),
      );
      // Route settings name route keys that must exist when the stage is created or updated.
      for (const route of publicRoutes) stage.node.addDependency(route);
      stage.accessLogSettings = {
        destinationArn: accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latency: '$context.responseLatency',
          sub: '$context.authorizer.claims.sub',
        }),
      };
    }
  }
}
