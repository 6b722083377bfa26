/** `npm run size`: the browser bundle size of createUcwaClient + presence$ (benchmark 5) alone. */
import { BUNDLE_SIZE_FULL, runBundleSize } from './bundle-size.js';
import { formatTable } from './report.js';

const result = await runBundleSize(BUNDLE_SIZE_FULL);
console.log(formatTable(result.rows));
console.log(`\nminified bytes by origin: ${JSON.stringify(result.details.minifiedBytesByOrigin)}`);
