import fc from 'fast-check';
import type { ConfigPath } from '../../src/core/config/plain-value';
import type { EditOp } from '../../src/core/config/yaml-edit';

/** Generic value edits at the paths real writes touch (and a few they do not), for engine-level properties. */

const PATHS: ConfigPath[] = [
  ['model'],
  ['model', 'provider'],
  ['model', 'default'],
  ['model', 'base_url'],
  ['model', 'context_length'],
  ['auxiliary'],
  ['auxiliary', 'vision'],
  ['auxiliary', 'vision', 'provider'],
  ['auxiliary', 'vision', 'model'],
  ['auxiliary', 'compression', 'timeout'],
  ['auxiliary', 'approval'],
  ['auxiliary', 'mcp', 'base_url'],
  ['fallback_providers'],
  ['fallback_model'],
  ['custom_providers'],
  ['providers', 'ollama'],
  ['model_profiles', 'coding', 'model'],
  ['model_routing'],
  ['delegation', 'model_profile'],
  ['display', 'skin'],
  ['toolsets'],
  ['zz_new_section'],
];

const scalarArb = fc.oneof(
  fc.constantFrom('anthropic', 'openrouter', 'claude-opus-4-8', '', 'auto', 'yes', 'no', '~', 'null', '0x1F', 'a: b', '#not a comment', 'it\'s', 'x "q"', 'ünïcödé', '  padded  ', 'http://localhost:11434/v1'),
  fc.integer({ min: -5, max: 300000 }),
  fc.boolean(),
  fc.constant(null),
);

const keyArb = fc.constantFrom('provider', 'model', 'base_url', 'timeout', 'api_mode', 'extra_body', 'y', 'on', 'key with space');

const valueArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb, tie('map'), tie('list')),
  map: fc.dictionary(keyArb, tie('value'), { maxKeys: 3 }),
  list: fc.array(fc.oneof(scalarArb, fc.dictionary(keyArb, scalarArb, { minKeys: 1, maxKeys: 3 })), { maxLength: 3 }),
})).value;

export const editOpArb: fc.Arbitrary<EditOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: valueArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }) },
);
