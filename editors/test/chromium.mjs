// How the headless tests start Debian's Chromium (code-server in
// editors/test/code-server.mjs, the report pages in tests/report/check.mjs):
// its path, and flags that keep it off the network and out of the sandbox
// this machine cannot give it. No imports, so either test's node_modules serves.
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
