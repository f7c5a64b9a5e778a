/**
 * Compliance scan wall time: every enabled region vs one region, in one run, against
 * the AWS test backend (moto behind the proxy, real SDK over HTTP). The account is
 * the demo's non-compliant one in three regions; every other enabled region has
 * moto's default VPC and nothing else, like a real account's unused regions.
 *
 * Two passes: moto as it is (every call costs ~3 ms of CPU in moto's single Python
 * process, so the all-region scan is bound by moto's throughput: the ratio then
 * follows the number of calls), and with the proxy adding a 50 ms round trip to
 * every call, as a network to AWS does (AWS's capacity is not the limit; latency
 * and the scan's own concurrency are).
 *
 * Run after a build: `node out/bench/complianceScan.js [runs]`. Prints each run,
 * the medians and their ratio (target: all regions ≤ 3 × one region). Asserts nothing.
 */
import { ServiceClients } from '../src/aws/serviceClients';
import type { ScanOptions } from '../src/compliance/model';
import { scanCompliance } from '../src/compliance/scan';
import { startAwsBackend } from '../test/aws-backend/backend';
import { seedNonCompliantAccount } from '../test/aws-backend/complianceSeed';
import { clientConfig, TEST_ACCOUNT } from '../test/aws-backend/seed';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const backend = await startAwsBackend();
  try {
    await seedNonCompliantAccount(backend, ['us-east-1', 'eu-west-1', 'us-west-2']);
    backend.setEnabledRegions(null); // every region moto reports as enabled
    const timed = async (options: ScanOptions) => {
      const clients = new ServiceClients((region) => clientConfig(backend.endpoint, region));
      const started = performance.now();
      const result = await scanCompliance(clients, { account: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/bench`, profile: 'bench', homeRegion: 'us-east-1' }, options);
      const ms = performance.now() - started;
      clients.destroy();
      return { ms, regions: result.regions.length, failing: result.items.filter((i) => i.status === 'fail').length };
    };
    const warm = await timed({}); // moto loads its EC2 data per region on first use
    console.log(`warm-up: all ${warm.regions} enabled regions in ${warm.ms.toFixed(0)} ms (${warm.failing} items failing)`);
    for (const latency of [0, 50]) {
    backend.setLatency(latency);
    console.log(latency ? `\nwith ${latency} ms per call (network round trip):` : '\nmoto as is:');
    const one: number[] = [];
    const all: number[] = [];
    for (let run = 1; run <= runs; run++) {
      backend.clearRequests();
      const single = await timed({ regions: ['us-east-1'] });
      const singleCalls = backend.requests().length;
      backend.clearRequests();
      const every = await timed({});
      const everyCalls = backend.requests().length;
      one.push(single.ms);
      all.push(every.ms);
      console.log(`run ${run}: one region ${single.ms.toFixed(0)} ms (${singleCalls} calls) · all ${every.regions} regions ${every.ms.toFixed(0)} ms (${everyCalls} calls)`);
    }
    const ratio = median(all) / median(one);
    console.log(`median: one region ${median(one).toFixed(0)} ms, all regions ${median(all).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (target ≤ 3)`);
    }
  } finally {
    await backend.stop();
  }
}

void main();
