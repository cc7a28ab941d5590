// Child process for the race test: appends numbered comment lines to a file with O_APPEND,
// like a user's editor or script would, pausing briefly between lines.
import { appendFileSync } from 'node:fs';

const [file, countArg, pauseArg] = process.argv.slice(2);
const count = Number(countArg);
const pauseMs = Number(pauseArg ?? 2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 1; i <= count; i++) {
  appendFileSync(file, `# external line ${i}\n`);
  await sleep(Math.random() * pauseMs);
}
process.stdout.write('done\n');
