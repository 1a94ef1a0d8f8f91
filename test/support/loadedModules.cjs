// Test-only preload (`node --require`): at exit, writes the modules this process loaded, one path per line, to the
// file named by CDR_TEST_LOADED, so a test can tell which of cdr's lazily loaded bundles a command needed.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.CDR_TEST_LOADED) writeFileSync(process.env.CDR_TEST_LOADED, Object.keys(require.cache).join('\n'));
});
