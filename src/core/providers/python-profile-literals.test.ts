import { describe, expect, it } from 'vitest';
import { extractProfileCalls } from './python-profile-literals';

describe('extractProfileCalls', () => {
  it('reads literal keyword arguments of a ProviderProfile call', () => {
    const source = `"""Cerebras provider profile."""

from providers import register_provider
from providers.base import ProviderProfile

cerebras = ProviderProfile(
    name="cerebras",
    aliases=("cerebras-ai",),
    display_name="Cerebras",
    description="Cerebras \\u2014 fast inference",  # trailing comment, with ) and ,
    env_vars=("CEREBRAS_API_KEY", 'CEREBRAS_BASE_URL'),
    base_url="https://api.cerebras.ai/v1",
    auth_type="api_key",
    default_aux_model="llama3.3-70b",
    fallback_models=[
        "llama3.3-70b",
        "llama3.1-8b",
    ],
    supports_health_check=False,
    default_max_tokens=8192,
    fixed_temperature=None,
)

register_provider(cerebras)
`;
    expect(extractProfileCalls(source)).toEqual([
      {
        name: 'cerebras',
        aliases: ['cerebras-ai'],
        display_name: 'Cerebras',
        description: 'Cerebras \u2014 fast inference',
        env_vars: ['CEREBRAS_API_KEY', 'CEREBRAS_BASE_URL'],
        base_url: 'https://api.cerebras.ai/v1',
        auth_type: 'api_key',
        default_aux_model: 'llama3.3-70b',
        fallback_models: ['llama3.3-70b', 'llama3.1-8b'],
        supports_health_check: false,
        default_max_tokens: 8192,
        fixed_temperature: null,
      },
    ]);
  });

  it('skips non-literal values, class definitions and calls without a name', () => {
    const source = `
from providers.base import ProviderProfile, OMIT_TEMPERATURE
BASE = "https://api.example.com"

class ExampleProfile(ProviderProfile):
    def build_extra_body(self, **ctx):
        return {"x": 1}

example = ExampleProfile(
    name='example',
    base_url=f"{BASE}/v1",
    env_vars=("EXAMPLE_API_KEY", ENV_NAME),
    fixed_temperature=OMIT_TEMPERATURE,
    default_headers={"X-Client": "hermes"},
    display_name="Example " "Cloud",
    hostname=BASE + "/x",
    api_mode="chat_completions",
)
unnamed = ProviderProfile(base_url="https://x.example.com")
`;
    expect(extractProfileCalls(source)).toEqual([{ name: 'example', display_name: 'Example Cloud', api_mode: 'chat_completions' }]);
  });

  it('finds several profiles in one module and tolerates odd syntax', () => {
    const source = `
a = ProviderProfile(name="a-global", base_url=r"https://a.example.com/v1", aliases=["a"])
b = ProviderProfile(name="a-cn", base_url='''https://a.example.cn/v1''', env_vars=("A_CN_API_KEY",))
broken = ProviderProfile(name="broken", base_url="unterminated
`;
    const calls = extractProfileCalls(source);
    expect(calls.map((c) => c.name)).toEqual(['a-global', 'a-cn', 'broken']);
    expect(calls[0]?.base_url).toBe('https://a.example.com/v1');
    expect(calls[1]).toEqual({ name: 'a-cn', base_url: 'https://a.example.cn/v1', env_vars: ['A_CN_API_KEY'] });
  });

  it('returns nothing for modules without profiles', () => {
    expect(extractProfileCalls('import os\nprint("ProviderProfile(name=\\"x\\")")\n')).toEqual([]);
    expect(extractProfileCalls('')).toEqual([]);
  });
});
