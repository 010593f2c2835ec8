/**
 * schema.ts write   emits schema/schema.graphql from the resolvers
 * schema.ts check   fails when the committed file differs from what the code emits
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSdl } from '../schema.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema/schema.graphql');
const sdl = await printSdl();
if (process.argv[2] === 'check') {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== sdl) {
    console.error('schema/schema.graphql is stale: run `npm run schema:emit` and commit it.');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the code.');
} else {
  await writeFile(file, sdl);
  console.log('Wrote schema/schema.graphql');
}
