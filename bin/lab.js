#!/usr/bin/env node
// The lab runs its TypeScript sources directly (variants/ are .ts files a user
// adds and edits), so the entry point registers tsx before loading the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
