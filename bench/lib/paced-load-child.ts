// Runs pacedLoad in its own process (its own core), so the latency it reports is the server's,
// not the load generator's event loop competing with the server's.
//   node --import tsx bench/lib/paced-load-child.ts URL RATE SECONDS
import { pacedLoad } from './paced-load.js';

const [url, rate, seconds] = process.argv.slice(2);
const result = await pacedLoad(url!, Number(rate), Number(seconds));
process.stdout.write(JSON.stringify(result) + '\n');
