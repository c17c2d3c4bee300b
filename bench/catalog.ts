// `node --import tsx bench/catalog.ts`: only the catalog-scale section of `npm run bench` (a few
// minutes: four catalog sizes, each started as a server and played in a process of its own).
const { runBench } = await import('./bench.js');
const { catalogSection } = await import('./sections/index.js');
await runBench([catalogSection]);
