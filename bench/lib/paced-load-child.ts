// Runs pacedLoad in its own process (its own core), so the latency it reports is the server's,
// not the load generator's event loop competing with the server's.
//   node --import tsx bench/lib/paced-load-child.ts URL RATE SECONDS [REQUEST.json]
// REQUEST.json, when given, is a PacedRequest: {method, headers, body} sent with every request.
import { readFileSync } from 'node:fs';
import { pacedLoad, type PacedRequest } from './paced-load.js';

const [url, rate, seconds, requestFile] = process.argv.slice(2);
const init = requestFile ? (JSON.parse(readFileSync(requestFile, 'utf8')) as PacedRequest) : {};
const result = await pacedLoad(url!, Number(rate), Number(seconds), 50, 1, init);
process.stdout.write(JSON.stringify(result) + '\n');
