// `node --import tsx bench/nlu-only.ts`: only the classifier section and its targets, for a quick
// look while editing training data (the full `npm run bench` also measures the normalizer and engine).
const { runBench } = await import('./bench.js');
const { nluSection, targetsSection } = await import('./sections/index.js');
await runBench([nluSection, targetsSection]);
