import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

/** Configuration is read once from the environment; a bad value stops the start naming the variable. */
describe('loadConfig', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('has working defaults for the embedded development setup', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 4000,
      databaseUrl: undefined,
      introspection: true,
      cookieSecure: false,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ TRUST_PROXY: 'not an address' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '99' }, 'TRUST_PROXY'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ ALLOWED_ORIGINS: 'https://ok.example, nope' }, 'ALLOWED_ORIGINS'],
    [{ MAIL_URL: 'http://mail' }, 'MAIL_URL'],
    [{ OIDC_PROVIDERS: '{' }, 'OIDC_PROVIDERS'],
  ])('names the variable of a bad value: %o', (env, variable) => {
    expect(problems(env)).toContain(`${variable}:`);
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies, and PUBLIC_URL as an origin', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7' }).trustProxy).toEqual(['10.0.0.0/8', '192.0.2.7']);
    expect(loadConfig({ PUBLIC_URL: 'https://samverka.example.no/app/' }).publicUrl).toBe(
      'https://samverka.example.no',
    );
  });

  it('names the provider entry of a bad OIDC_PROVIDERS', () => {
    const provider = {
      id: 'entra',
      name: 'Entra',
      issuer: 'https://login.example/v2.0',
      clientId: 'c',
      clientSecret: 's',
      organisation: { by: 'claim', claim: 'tid', values: { t: 'NO:939958851' } },
    };
    expect(loadConfig({ OIDC_PROVIDERS: JSON.stringify([provider]) }).oidcProviders[0].scopes).toEqual([
      'openid',
      'email',
      'profile',
    ]);
    expect(problems({ OIDC_PROVIDERS: JSON.stringify([{ ...provider, issuer: 'nope' }]) })).toMatch(
      /OIDC_PROVIDERS: \[0\.issuer\]/,
    );
    expect(problems({ OIDC_PROVIDERS: JSON.stringify([provider, provider]) })).toContain('"entra" is used twice');
    expect(
      problems({
        OIDC_PROVIDERS: JSON.stringify([
          { ...provider, organisation: { by: 'claim', claim: 'tid', values: { t: 'x' } } },
        ]),
      }),
    ).toContain('[0.organisation.values.t]');
  });

  it('requires a session secret in production, and hardens the defaults there', () => {
    expect(problems({ NODE_ENV: 'production' })).toContain('SESSION_SECRET: is required');
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      DATABASE_URL: 'postgres://db/samverka',
    });
    expect(c).toMatchObject({ introspection: false, cookieSecure: true, databaseUrl: 'postgres://db/samverka' });
  });
});
