import { composeAnswer, countTokens, tweakedValue } from './answer';
import { describeFlow } from './flowShape';
import {
  basicPromptingFlow,
  simpleAgentFlow,
  supportAssistantFlow,
} from './sampleFlows';

const agent = describeFlow(simpleAgentFlow.data);
const agentNode = agent.modelNode!;

describe('countTokens', () => {
  it('counts ~4 characters per token', () => {
    expect([
      countTokens(''),
      countTokens('a'),
      countTokens('abcd'),
      countTokens('abcde'),
    ]).toEqual([0, 1, 1, 2]);
  });
});

describe('tweakedValue', () => {
  it('prefers an id tweak, unwraps {value}, and lets bare values win', () => {
    expect(tweakedValue(agent, agentNode, 'temperature', undefined)).toBe(0.1);
    expect(
      tweakedValue(agent, agentNode, 'temperature', {
        'Agent-PotPO': { temperature: 0.3 },
      }),
    ).toBe(0.3);
    expect(
      tweakedValue(agent, agentNode, 'temperature', {
        'Agent-PotPO': { temperature: { value: 0.6 } },
      }),
    ).toBe(0.6);
    expect(
      tweakedValue(agent, agentNode, 'temperature', {
        'Agent-PotPO': { temperature: 0.3 },
        temperature: 0.8,
      }),
    ).toBe(0.8);
  });

  it('only tweaks fields the template declares', () => {
    expect(
      tweakedValue(agent, agentNode, 'unknown', { unknown: 1 }),
    ).toBeUndefined();
  });
});

describe('composeAnswer', () => {
  it('follows the documented rule', () => {
    const answer = composeAnswer('Simple Agent', agent, 'hello', {
      'Agent-PotPO': { system_prompt: 'Be brief.' },
    });
    expect(answer.text).toBe(
      '[Simple Agent] You said: hello [system: Be brief.] [temperature: 0.1]',
    );
    expect(answer.usage).toEqual({
      input_tokens: countTokens('Be brief.') + countTokens('hello'),
      output_tokens: countTokens(answer.text),
      total_tokens:
        countTokens('Be brief.') +
        countTokens('hello') +
        countTokens(answer.text),
    });
    expect(answer.model).toBe('gpt-4o-mini');
  });

  it('falls back to a Prompt template when no model field holds a system prompt', () => {
    const answer = composeAnswer(
      'Basic Prompting',
      describeFlow(basicPromptingFlow.data),
      'x',
      null,
    );
    expect(answer.systemPrompt).toMatch(
      /^Answer the user as if you were a GenAI expert/,
    );
  });

  it('reads the unified 1.8+ model list and its tweaks', () => {
    const shape = describeFlow(supportAssistantFlow.data);
    expect(composeAnswer('S', shape, 'x', null).model).toBe(
      'claude-3-5-haiku-latest',
    );
    expect(
      composeAnswer('S', shape, 'x', {
        'LanguageModelComponent-Wq9Np': { model: [{ name: 'gpt-4.1' }] },
      }).model,
    ).toBe('gpt-4.1');
  });

  it('answers without bracketed parts for a bare flow', () => {
    const answer = composeAnswer('Bare', describeFlow(null), undefined, null);
    expect(answer).toMatchObject({
      input: '',
      text: '[Bare] You said: ',
      systemPrompt: undefined,
      temperature: undefined,
      model: null,
    });
  });
});
