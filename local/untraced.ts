/**
 * Imported first by local/runtime.ts, so before any function module loads Powertools Tracer (npm start, the bench
 * and every test that starts a runtime).
 *
 * Tracer imports the X-Ray SDK, which in its default automatic mode creates a cls-hooked namespace as it loads: an
 * async hook with init and destroy callbacks on every promise, socket and timer of the process. Locally tracing is
 * always off (no X-Ray daemon, POWERTOOLS_TRACE_ENABLED=false), so the hook only costs: about a tenth of the local
 * runtime's CPU under the throughput bench (docs/benchmarks.md, "Apply throughput"). In manual mode the SDK creates
 * no namespace, and every tracer call in functions/ is behind `tracer.isTracingEnabled()`, so nothing else changes.
 * In Lambda, with tracing on, automatic mode stays as it is.
 */
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
