/**
 * Environment files of a Hermes home (`.env`): parsing and reading. Values stay in the core.
 */
export { dotenvToMap, parseDotenv, readDotenvFile } from './dotenv';
export type { DotenvEntry, DotenvFile, DotenvParseResult, DotenvProblem } from './dotenv';
