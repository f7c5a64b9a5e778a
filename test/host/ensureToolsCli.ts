// `node out/test/host/ensureToolsCli.js`: installs the test host tools ahead of time
// (for CI caching) and prints their paths as JSON.
import { ensureTools } from './tools';

ensureTools().then(
  (tools) => console.log(JSON.stringify(tools, null, 2)),
  (error: unknown) => {
    console.error(`[host] ${(error as Error).message}`);
    process.exit(1);
  },
);
