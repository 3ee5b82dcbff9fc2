#!/usr/bin/env node
// The `shangmi` command (npx shangmi …): runs the TypeScript CLI through tsx, as the server itself runs.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
