import { isAgentOwner, normalizeOwnerRef } from './rules';

describe('isAgentOwner', () => {
  const agent = { owner: 'agent-builders' } as any;

  it('matches an owner given without kind or namespace against group claims', () => {
    expect(normalizeOwnerRef('agent-builders')).toBe(
      'group:default/agent-builders',
    );
    expect(
      isAgentOwner.apply(agent, { claims: ['group:default/agent-builders'] }),
    ).toBe(true);
    expect(isAgentOwner.apply(agent, { claims: ['user:default/alice'] })).toBe(
      false,
    );
    expect(
      isAgentOwner.apply({ owner: 'user:default/alice' } as any, {
        claims: ['user:default/alice'],
      }),
    ).toBe(true);
  });

  it('becomes an owner filter for the store', () => {
    expect(isAgentOwner.toQuery({ claims: ['group:default/a'] })).toEqual({
      property: 'owner',
      values: ['group:default/a'],
    });
  });
});
