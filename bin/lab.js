#!/usr/bin/env node
// The lab runs its TypeScript sources directly (variants/ are .ts files a user
// adds and edits), so the entry point registers tsx before loading the CLI.
import { register } from 'tsx/esm/api';

register();
const { ignoreClosedOutput, runCli } = await import('../src/cli/main.ts');
ignoreClosedOutput();
const code = await runCli(process.argv.slice(2));
// A failure exits at once (workers or timers must not keep it alive); success lets pending output drain first.
if (code !== 0) process.exit(code);
