/** Test harness for the operator scripts (npm run admin, npm run ops) run against aws-sdk-client-mock clients. */

/** Every command sent to a mock, in order, as [command name, input]. */
export function sent(mock: { calls(): { args: unknown[] }[] }): [string, Record<string, unknown>][] {
  return mock.calls().map((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    return [command.constructor.name, command.input];
  });
}

interface CliOptions<C> {
  clients: (region: string | undefined) => C;
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * Runs a script's `run(argv, options)` with `clients` whatever region it asks for, and captures its exit code, what
 * it printed and the regions it asked for. `extra` adds options of that script (env, clock).
 */
export async function runCli<C, E extends object>(
  run: (argv: readonly string[], options: CliOptions<C> & E) => Promise<number>,
  clients: C,
  argv: readonly string[],
  extra: E,
) {
  const out: string[] = [];
  const err: string[] = [];
  const regions: (string | undefined)[] = [];
  const code = await run(argv, {
    ...extra,
    clients: (region) => {
      regions.push(region);
      return clients;
    },
    out: (line) => {
      out.push(line);
    },
    err: (line) => {
      err.push(line);
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n'), regions };
}
