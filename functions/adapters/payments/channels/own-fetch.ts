/**
 * Imported before alipay-sdk (./alipay.ts). alipay-sdk's HTTP client, urllib, brings its own undici, which on import
 * installs its Agent as the process-wide dispatcher of the global `fetch` if none is installed yet; Node installs its
 * own only when fetch is first used. Touching a fetch global here makes Node install its own first, so the other
 * adapters (WeChat Pay, the wallet) and anything else using `fetch` in this process keep Node's, whatever imports
 * alipay-sdk. (urllib keeps using its undici for its own requests.) Deployed bundles and the tests give alipay-sdk
 * ./urllib-fetch.ts instead of urllib, so this matters only where the real urllib loads: the local runtime.
 */
void globalThis.Headers;
