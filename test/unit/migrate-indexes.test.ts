/**
 * `npm run deploy:migrate-indexes`: the deployments it runs, in order, with the stage's context on each; bad usage
 * is refused before anything runs. (The deployments themselves need AWS; test/infra/index-migration.test.ts checks
 * what each step's template changes.)
 */
import { describe, expect, it } from 'vitest';
import { migrationCommands, parseOptions, UsageError } from '../../scripts/migrate-indexes.ts';

describe('npm run deploy:migrate-indexes', () => {
  it('deploys every step in order, each with the stage and its context', () => {
    const options = parseOptions([
      '--stage',
      'prod',
      '-c',
      'financeAlertEmail=f@shop.cn',
      '-c',
      'opsAlertEmail=o@shop.cn',
    ]);
    const commands = migrationCommands(options);
    expect(commands.map((c) => c.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(commands[0]?.args).toEqual([
      'cdk',
      'deploy',
      'RefundPipeline-prod',
      '-c',
      'stage=prod',
      '-c',
      'financeAlertEmail=f@shop.cn',
      '-c',
      'opsAlertEmail=o@shop.cn',
      '-c',
      'indexMigration=1',
    ]);
    expect(commands[9]?.args.at(-1)).toBe('indexMigration=10');
  });

  it('goes on from a step, and synthesizes instead of deploying with --synth', () => {
    const commands = migrationCommands(parseOptions(['--stage', 'dev', '--from', '7', '--synth']));
    expect(commands.map((c) => c.step)).toEqual([7, 8, 9, 10]);
    expect(commands[0]?.args).toEqual(['cdk', 'synth', '-q', '-c', 'stage=dev', '-c', 'indexMigration=7']);
  });

  it.each([
    [[], /--stage is required/],
    [['--stage', 'dev', '--from', '0'], /from 1 to 10/],
    [['--stage', 'dev', '--from', '11'], /from 1 to 10/],
    [['--stage', 'dev', '-c', 'indexMigration=3'], /set by the script/],
    [['--stage', 'dev', '-c', 'stage=prod'], /set by the script/],
    [['--stage', 'dev', '-c', 'financeAlertEmail'], /key=value/],
    [['--stage', 'dev', '--force'], /Unknown option/],
  ])('refuses %j', (args, message) => {
    expect(() => parseOptions(args)).toThrowError(UsageError);
    expect(() => parseOptions(args)).toThrowError(message);
  });
});
