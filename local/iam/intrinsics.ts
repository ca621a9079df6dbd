/**
 * Resolves CloudFormation values (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, …) of a synthesized template to concrete
 * strings, so the IAM policies CDK wrote can be evaluated locally against the ARNs of local resources.
 * `localResolver` answers Ref/GetAtt the way CloudFormation documents them for the resource types the stack uses.
 */
import { type ArnContext, regionalArn, s3Arn, secretArn, tableArn } from './arns.ts';

export interface Pseudo {
  partition: string;
  region: string;
  account: string;
  urlSuffix: string;
  stackName: string;
}

export interface ResourceResolver {
  /** Value of { Ref: logicalId } for a resource of the template (not a pseudo parameter). */
  ref(logicalId: string, resource: TemplateResource): string;
  /** Value of { 'Fn::GetAtt': [logicalId, attribute] }. */
  getAtt(logicalId: string, attribute: string, resource: TemplateResource): string;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources: Record<string, TemplateResource>;
  Parameters?: Record<string, unknown>;
}

/** Marks `{ Ref: 'AWS::NoValue' }` until the enclosing array or object drops it. */
const NO_VALUE = Symbol('AWS::NoValue');

interface Scope {
  template: Template;
  pseudo: Pseudo;
  resolver: ResourceResolver;
}

/**
 * `value` with every intrinsic function resolved. `{ Ref: 'AWS::NoValue' }` disappears from arrays and objects
 * (and is `undefined` on its own). Conditions (Fn::If, Condition, Fn::Equals, …) and other intrinsics throw.
 */
export function resolveValue(value: unknown, template: Template, pseudo: Pseudo, resolver: ResourceResolver): unknown {
  const resolved = resolve(value, { template, pseudo, resolver });
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolve(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, scope)).filter((item) => item !== NO_VALUE);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && isIntrinsic(first[0])) return intrinsic(first[0], first[1], scope);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolve(item, scope);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

const isIntrinsic = (key: string) => key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');

function intrinsic(name: string, argument: unknown, scope: Scope): unknown {
  switch (name) {
    case 'Ref':
      return ref(expectString(resolve(argument, scope), 'Ref'), scope);
    case 'Fn::GetAtt':
      return getAtt(argument, scope);
    case 'Fn::Join': {
      const [delimiter, list] = expectArray(argument, 'Fn::Join', 2);
      const items = expectArray(resolve(list, scope), 'Fn::Join list');
      return items.map((item) => scalar(item, 'Fn::Join item')).join(expectString(delimiter, 'Fn::Join delimiter'));
    }
    case 'Fn::Select': {
      const [index, list] = expectArray(argument, 'Fn::Select', 2);
      const items = expectArray(resolve(list, scope), 'Fn::Select list');
      const at = Number(resolve(index, scope));
      if (!Number.isInteger(at) || at < 0 || at >= items.length) {
        throw new Error(`Fn::Select index ${String(index)} is out of range for a list of ${items.length}`);
      }
      return items[at];
    }
    case 'Fn::Split': {
      const [delimiter, source] = expectArray(argument, 'Fn::Split', 2);
      return expectString(resolve(source, scope), 'Fn::Split source').split(expectString(delimiter, 'Fn::Split'));
    }
    case 'Fn::Sub':
      return sub(argument, scope);
    case 'Fn::If':
    case 'Condition':
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      throw new Error(`${name}: CloudFormation conditions are not evaluated locally`);
    default:
      throw new Error(`unsupported intrinsic function ${name}`);
  }
}

function ref(name: string, scope: Scope): unknown {
  const { pseudo, template } = scope;
  switch (name) {
    case 'AWS::Partition':
      return pseudo.partition;
    case 'AWS::Region':
      return pseudo.region;
    case 'AWS::AccountId':
      return pseudo.account;
    case 'AWS::URLSuffix':
      return pseudo.urlSuffix;
    case 'AWS::StackName':
      return pseudo.stackName;
    case 'AWS::StackId':
      return regionalArn(pseudo, 'cloudformation', `stack/${pseudo.stackName}/00000000-0000-0000-0000-000000000000`);
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  const parameters = template.Parameters ?? {};
  if (Object.hasOwn(parameters, name)) {
    const parameter = parameters[name];
    if (typeof parameter === 'object' && parameter !== null && 'Default' in parameter) return parameter.Default;
    throw new Error(`Ref ${name}: template parameter has no Default`);
  }
  if (name.startsWith('AWS::')) throw new Error(`Ref ${name}: unsupported pseudo parameter`);
  return scope.resolver.ref(name, resource(name, scope));
}

function getAtt(argument: unknown, scope: Scope): string {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot < 0) throw new Error(`Fn::GetAtt "${argument}" is not of the form Logical.Attribute`);
    [logicalId, attribute] = [argument.slice(0, dot), argument.slice(dot + 1)];
  } else {
    [logicalId, attribute] = expectArray(argument, 'Fn::GetAtt', 2).map((part) => resolve(part, scope));
  }
  const id = expectString(logicalId, 'Fn::GetAtt logical id');
  return scope.resolver.getAtt(id, expectString(attribute, 'Fn::GetAtt attribute'), resource(id, scope));
}

function sub(argument: unknown, scope: Scope): string {
  const [text, variables] = typeof argument === 'string' ? [argument, {}] : expectArray(argument, 'Fn::Sub', 2);
  const template = expectString(text, 'Fn::Sub string');
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new Error('Fn::Sub variables must be an object');
  }
  const values = new Map(Object.entries(variables).map(([name, value]) => [name, resolve(value, scope)]));
  return template.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (values.has(name)) return scalar(values.get(name), `Fn::Sub variable ${name}`);
    if (name.startsWith('AWS::') || !name.includes('.')) return scalar(ref(name, scope), `Fn::Sub \${${name}}`);
    return getAtt(name, scope);
  });
}

function resource(logicalId: string, scope: Scope): TemplateResource {
  const found = Object.hasOwn(scope.template.Resources, logicalId) ? scope.template.Resources[logicalId] : undefined;
  if (!found) throw new Error(`${logicalId} is neither a resource nor a parameter of the template`);
  return found;
}

function expectArray(value: unknown, what: string, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new Error(
      `${what} expects ${length === undefined ? 'a list' : `a list of ${length}`}: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} expects a string: ${JSON.stringify(value)}`);
  return value;
}

function scalar(value: unknown, what: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${what} expects a string: ${JSON.stringify(value)}`);
}

export interface LocalNames {
  /** Physical name for a logical id of these types, e.g. the local DynamoDB table name for a table. */
  tableName(logicalId: string): string;
  bucketName(logicalId: string): string;
  /** Name part of topic / state machine / secret ARNs. */
  name(logicalId: string): string;
  /** Value of an HTTP API's ApiEndpoint attribute (the local gateway URL). */
  apiEndpoint(logicalId: string): string;
}

/** Ref value and attributes of one resource, by CloudFormation's documentation for its type. */
interface Described {
  ref: string;
  attributes: Record<string, string>;
}

/**
 * Ref/GetAtt as CloudFormation documents them for the resource types the stack uses, with physical names from
 * `names` (`names.name` also names functions, roles, queues, log groups, user pools and their clients, keys and
 * alarms). Other types Ref to `local-${logicalId}` and have no attributes; an unknown attribute throws, naming the
 * type and attribute.
 */
export function localResolver(pseudo: Pseudo, names: LocalNames): ResourceResolver {
  const ctx: ArnContext = pseudo;
  const describe = (logicalId: string, type: string): Described | undefined => {
    switch (type) {
      case 'AWS::DynamoDB::Table': {
        const name = names.tableName(logicalId);
        const arn = tableArn(ctx, name);
        return { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/1970-01-01T00:00:00.000` } };
      }
      case 'AWS::SNS::Topic': {
        const name = names.name(logicalId);
        const arn = regionalArn(ctx, 'sns', name);
        return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
      }
      case 'AWS::StepFunctions::StateMachine': {
        const name = names.name(logicalId);
        const arn = regionalArn(ctx, 'states', `stateMachine:${name}`);
        return { ref: arn, attributes: { Arn: arn, Name: name } };
      }
      case 'AWS::S3::Bucket': {
        const name = names.bucketName(logicalId);
        return {
          ref: name,
          attributes: {
            Arn: s3Arn(ctx, name),
            DomainName: `${name}.s3.${pseudo.urlSuffix}`,
            RegionalDomainName: `${name}.s3.${pseudo.region}.${pseudo.urlSuffix}`,
            DualStackDomainName: `${name}.s3.dualstack.${pseudo.region}.${pseudo.urlSuffix}`,
            WebsiteURL: `http://${name}.s3-website-${pseudo.region}.${pseudo.urlSuffix}`,
          },
        };
      }
      case 'AWS::SecretsManager::Secret': {
        const arn = secretArn(ctx, names.name(logicalId));
        return { ref: arn, attributes: { Id: arn } };
      }
      case 'AWS::SQS::Queue': {
        const name = names.name(logicalId);
        const url = `https://sqs.${pseudo.region}.${pseudo.urlSuffix}/${pseudo.account}/${name}`;
        return { ref: url, attributes: { Arn: regionalArn(ctx, 'sqs', name), QueueName: name, QueueUrl: url } };
      }
      case 'AWS::Lambda::Function': {
        const name = names.name(logicalId);
        return { ref: name, attributes: { Arn: regionalArn(ctx, 'lambda', `function:${name}`) } };
      }
      case 'AWS::IAM::Role': {
        const name = names.name(logicalId);
        return {
          ref: name,
          attributes: { Arn: `arn:${pseudo.partition}:iam::${pseudo.account}:role/${name}`, RoleId: `AROA${name}` },
        };
      }
      case 'AWS::ApiGatewayV2::Api': {
        const id = names.name(logicalId);
        return { ref: id, attributes: { ApiId: id, ApiEndpoint: names.apiEndpoint(logicalId) } };
      }
      case 'AWS::Cognito::UserPool': {
        const id = `${pseudo.region}_${names.name(logicalId)}`;
        const provider = `cognito-idp.${pseudo.region}.${pseudo.urlSuffix}/${id}`;
        return {
          ref: id,
          attributes: {
            UserPoolId: id,
            Arn: regionalArn(ctx, 'cognito-idp', `userpool/${id}`),
            ProviderName: provider,
            ProviderURL: `https://${provider}`,
          },
        };
      }
      case 'AWS::Cognito::UserPoolClient': {
        const id = names.name(logicalId);
        return { ref: id, attributes: { ClientId: id } };
      }
      case 'AWS::Logs::LogGroup': {
        const name = names.name(logicalId);
        return { ref: name, attributes: { Arn: regionalArn(ctx, 'logs', `log-group:${name}:*`) } };
      }
      case 'AWS::KMS::Key': {
        const id = names.name(logicalId);
        return { ref: id, attributes: { KeyId: id, Arn: regionalArn(ctx, 'kms', `key/${id}`) } };
      }
      case 'AWS::Events::EventBus': {
        // The refunds bus (infra/constructs/refund-events.ts): locally its events are kept by local/refund-events.ts.
        const name = names.name(logicalId);
        const arn = regionalArn(ctx, 'events', `event-bus/${name}`);
        return { ref: name, attributes: { Arn: arn, Name: name } };
      }
      case 'AWS::CloudWatch::Alarm': {
        const name = names.name(logicalId);
        return { ref: name, attributes: { Arn: regionalArn(ctx, 'cloudwatch', `alarm:${name}`) } };
      }
      default:
        return undefined;
    }
  };
  return {
    ref: (logicalId, resource) => describe(logicalId, resource.Type)?.ref ?? `local-${logicalId}`,
    getAtt(logicalId, attribute, resource) {
      const value = describe(logicalId, resource.Type)?.attributes[attribute];
      if (value === undefined) {
        throw new Error(
          `Fn::GetAtt ${logicalId}.${attribute}: no local value for attribute ${attribute} of ${resource.Type}`,
        );
      }
      return value;
    },
  };
}
