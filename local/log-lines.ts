/**
 * The functions' log lines, locally. In Lambda each line is one JSON object in CloudWatch Logs; the local runtime
 * takes the same lines (functions/observability/logger.ts `setLogDestination`: already redacted, nothing else
 * changes) and prints them readably, the correlation id and the refund id up front:
 *
 *   12:03:04.123 INFO  CreateRefund  [1b6c…-request-id] refund rf_123  request handled  {"route":"POST /v1/refunds","status":201}
 *
 * and hands them, parsed, to whoever asked for them (`LocalRuntimeOptions.logs`: the tests read them there).
 */
import { setLogDestination } from '../functions/observability/logger.ts';

/** One log line as the functions write it (Powertools' keys; the rest are the line's own attributes). */
export interface LogEntry {
  level?: string;
  message?: string;
  timestamp?: string;
  function_name?: string;
  function_request_id?: string;
  cold_start?: boolean;
  correlation_id?: string;
  refund_id?: string;
  [key: string]: unknown;
}

/** Keys every line has; the printer leaves them out of the attributes it shows. */
const CONTEXT_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'correlation_id',
  'refund_id',
  'xray_trace_id',
]);

/** A line the functions wrote, parsed; a line that is not JSON is kept as its message. */
export function parseLogLine(line: string): LogEntry {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as LogEntry;
  } catch {
    // not JSON: fall through
  }
  return { message: line };
}

/** The entry as one readable line: time, level, function, [correlation id], refund, message, other attributes. */
export function readableLogLine(entry: LogEntry): string {
  const time = typeof entry.timestamp === 'string' ? entry.timestamp.slice(11, 23) : '';
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !CONTEXT_KEYS.has(key)));
  return [
    time,
    String(entry.level ?? '').padEnd(5),
    String(entry.function_name ?? '-').padEnd(14),
    `[${entry.correlation_id ?? '-'}]`,
    entry.refund_id ? `refund ${entry.refund_id}` : '',
    entry.cold_start ? `${entry.message ?? ''} (cold start)` : (entry.message ?? ''),
    Object.keys(rest).length ? JSON.stringify(rest) : '',
  ]
    .filter((part) => part !== '')
    .join('  ');
}

/**
 * Routes the functions' log lines to `print` (readable lines; none when undefined) and `sink` (parsed entries).
 * With neither, lines stay on stdout as in Lambda. Returns the function that puts the previous destination back.
 */
export function routeFunctionLogs(options: {
  print?: ((line: string) => void) | undefined;
  sink?: ((entry: LogEntry) => void) | undefined;
}): () => void {
  const { print, sink } = options;
  if (!print && !sink) return () => undefined;
  const previous = setLogDestination((line) => {
    const entry = parseLogLine(line);
    sink?.(entry);
    print?.(readableLogLine(entry));
  });
  return () => {
    setLogDestination(previous);
  };
}
