import { describe, expect, it } from 'vitest';
import { hostMatchesDomain, hostOf, isIpAddress, isLocalHostname, parseUrl, registrableDomain, registrableLabel } from './url-host';

describe('parseUrl / hostOf', () => {
  it('normalises hostnames and paths', () => {
    expect(parseUrl('https://API.Example.COM./v1/')).toEqual({ protocol: 'https:', hostname: 'api.example.com', path: '/v1' });
    expect(parseUrl('http://[::1]:8080/')).toEqual({ protocol: 'http:', hostname: '::1', path: '' });
    expect(hostOf('https://user:pass@api.example.com:8443/x')).toBe('api.example.com');
  });

  it('rejects things that are not absolute URLs with a host', () => {
    expect(parseUrl('api.example.com/v1')).toBeNull();
    expect(parseUrl('')).toBeNull();
    expect(parseUrl(null)).toBeNull();
    expect(hostOf('mailto:x@example.com')).toBeNull();
  });
});

describe('host classification', () => {
  it('matches domains on label boundaries', () => {
    expect(hostMatchesDomain('api.openai.com', 'openai.com')).toBe(true);
    expect(hostMatchesDomain('openai.com', 'openai.com')).toBe(true);
    expect(hostMatchesDomain('notopenai.com', 'openai.com')).toBe(false);
    expect(hostMatchesDomain('openai.com.evil.net', 'openai.com')).toBe(false);
  });

  it('recognises IPs and local names', () => {
    expect(isIpAddress('10.0.0.1')).toBe(true);
    expect(isIpAddress('::1')).toBe(true);
    expect(isIpAddress('example.com')).toBe(false);
    expect(isLocalHostname('localhost')).toBe(true);
    expect(isLocalHostname('app.localhost')).toBe(true);
    expect(isLocalHostname('host.docker.internal')).toBe(true);
    expect(isLocalHostname('example.com')).toBe(false);
  });

  it.each([
    ['api.deepseek.com', 'deepseek.com', 'deepseek'],
    ['deepseek.com', 'deepseek.com', 'deepseek'],
    ['a.b.example.co.uk', 'example.co.uk', 'example'],
    ['co.uk', null, null],
    ['abc123-8000.proxy.runpod.net', 'runpod.net', 'runpod'],
    ['localhost', null, null],
    ['192.168.0.1', null, null],
    ['gpu-box', null, null],
  ])('%s → %s / %s', (host, domain, label) => {
    expect(registrableDomain(host)).toBe(domain);
    expect(registrableLabel(host)).toBe(label);
  });
});
