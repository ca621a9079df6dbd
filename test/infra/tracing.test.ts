/**
 * Tracing in the template (docs/monitoring.md, "Following one request"): every function of the catalog runs with
 * active X-Ray tracing and may write its segments, the state machine traces its executions, and the schedule gives
 * the monitor its execution id (the run's correlation id).
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { devStack } from '../support/dev-stack.ts';

let template: Template;

beforeAll(() => {
  ({ template } = devStack());
});

type Resource = { Properties?: Record<string, any> };

describe('tracing', () => {
  it('is active on every function of the catalog, whose role may write trace segments', () => {
    // Ours are the Node functions (CDK's own helpers, e.g. the bucket notification handler, run Python).
    const found = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } });
    const ours = Object.entries(found as Record<string, Resource>);
    expect(ours).toHaveLength(FUNCTIONS.length);
    const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>);
    for (const [id, fn] of ours) {
      expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
      const role = fn.Properties?.Role?.['Fn::GetAtt']?.[0];
      const xray = policies.some(
        (p) =>
          (p.Properties?.Roles ?? []).some((r: { Ref?: string }) => r.Ref === role) &&
          JSON.stringify(p.Properties?.PolicyDocument).includes('xray:PutTraceSegments'),
      );
      expect(xray, `${id} may write X-Ray segments`).toBe(true);
    }
  });

  it('is on for the state machine', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true } });
  });

  it("gives the monitor the schedule's execution id as the event id", () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({
        Input: Match.serializedJson({ id: '<aws.scheduler.execution-id>', time: '<aws.scheduler.scheduled-time>' }),
      }),
    });
  });
});
