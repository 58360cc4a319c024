#!/usr/bin/env node
// The `rag` command. Sources are TypeScript; tsx compiles them on the fly (cached), so a
// clone needs no build step before `npx rag …` or `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
