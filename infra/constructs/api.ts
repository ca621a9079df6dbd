/**
 * The public HTTPS API: an HTTP API whose routes come from functions/api/routes.ts, each served by its own
 * function, protected by a JWT authorizer on a Cognito user pool (roles are Cognito groups). Only the health check
 * and the signed payment webhook are public. Throttled and access-logged.
 */
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES } from '../../functions/api/routes.ts';
import { ROLES } from '../../functions/domain/vocabulary.ts';
import { type Bindable, bindNeeds } from './bindings.ts';
import { RefundFunction } from './refund-function.ts';

export interface ApiProps extends Bindable {
  /** Requests per second across the API. @default 200 */
  rateLimit?: number;
  /** @default 400 */
  burstLimit?: number;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;
  readonly functions: Record<string, RefundFunction>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Merchants' tokens carry the merchant they act for.
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
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES)
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    const client = this.userPool.addClient('Clients', {
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    const authorizer = new HttpJwtAuthorizer('Jwt', this.userPool.userPoolProviderUrl, {
      jwtAudience: [client.userPoolClientId],
    });

    this.httpApi = new HttpApi(this, 'Http', { description: 'Refund pipeline API', createDefaultStage: true });
    this.functions = {};
    for (const route of ROUTES) {
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
        for (const r of routes) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by contract (API.md): a health check, or a webhook authenticated by its HMAC signature.`,
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
    new CfnOutput(this, 'Url', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
