import type {
  FlowEdge,
  FlowExport,
  FlowNode,
  FlowNodeOutput,
  TemplateField,
} from './types';

/*
 * Ready flow exports for tests and demo mode, shaped like Langflow's own
 * exports (doc 2.1): `genericNode`s whose `data.node.template` holds the
 * component fields, edges with `œ`-quoted handles. They cover the three
 * generations of model configuration (doc 2.1, "Model used"):
 * - Basic Prompting: ChatInput + Prompt → OpenAIModel (`model_name`) → ChatOutput
 * - Simple Agent: ChatInput → Agent (`agent_llm` + `model_name`) → ChatOutput
 * - Support Assistant: ChatInput + Prompt → LanguageModelComponent (`model` list) → ChatOutput
 * Component source code is replaced by a one-line placeholder.
 */

function field(
  name: string,
  inputType: string,
  value: unknown,
  extra: Partial<TemplateField> = {},
): TemplateField {
  return {
    _input_type: inputType,
    advanced: false,
    display_name: name
      .split('_')
      .map(word => word[0].toUpperCase() + word.slice(1))
      .join(' '),
    dynamic: false,
    info: '',
    list: false,
    name,
    placeholder: '',
    required: false,
    show: true,
    title_case: false,
    trace_as_metadata: true,
    type: 'str',
    value,
    ...extra,
  };
}

const messageField = (name: string, extra: Partial<TemplateField> = {}) =>
  field(name, 'MessageTextInput', '', {
    input_types: ['Message'],
    ...extra,
  });

const apiKeyField = (variable: string) =>
  field('api_key', 'SecretStrInput', variable, {
    display_name: 'API Key',
    load_from_db: true,
    password: true,
    required: true,
    input_types: [],
  });

const temperatureField = (value: number) =>
  field('temperature', 'SliderInput', value, {
    type: 'slider',
    advanced: true,
    range_spec: { min: 0, max: 1, step: 0.01, step_type: 'float' },
  });

function output(
  name: string,
  displayName: string,
  method: string,
  types: string[],
): FlowNodeOutput {
  return {
    allows_loop: false,
    cache: true,
    display_name: displayName,
    method,
    name,
    selected: types[0],
    tool_mode: true,
    types,
    value: '__UNDEFINED__',
  };
}

interface NodeSpec {
  displayName: string;
  description: string;
  icon: string;
  outputs: FlowNodeOutput[];
  template: Record<string, TemplateField>;
  position: { x: number; y: number };
  lfVersion: string;
}

function node(id: string, spec: NodeSpec): FlowNode {
  const type = id.split('-')[0];
  return {
    id,
    type: 'genericNode',
    position: spec.position,
    data: {
      id,
      type,
      node: {
        base_classes: [
          ...new Set(spec.outputs.flatMap(out => out.types ?? [])),
        ],
        beta: false,
        conditional_paths: [],
        custom_fields: {},
        description: spec.description,
        display_name: spec.displayName,
        documentation: '',
        edited: false,
        field_order: Object.keys(spec.template),
        frozen: false,
        icon: spec.icon,
        legacy: false,
        lf_version: spec.lfVersion,
        metadata: {},
        output_types: [],
        outputs: spec.outputs,
        pinned: false,
        template: {
          _type: 'Component',
          code: field(
            'code',
            'CodeInput',
            `# ${type} source omitted in simulator sample flows`,
            {
              type: 'code',
              advanced: true,
              dynamic: true,
              multiline: true,
              required: true,
            },
          ),
          ...spec.template,
        },
        tool_mode: false,
      },
    },
    dragging: false,
    measured: { height: 234, width: 320 },
    selected: false,
  };
}

/** Langflow writes handles as JSON with `œ` in place of double quotes. */
const handle = (value: object) => JSON.stringify(value).replace(/"/g, 'œ');

function edge(
  source: FlowNode,
  outputName: string,
  target: FlowNode,
  fieldName: string,
  inputTypes: string[] = ['Message'],
): FlowEdge {
  const out = source.data.node?.outputs?.find(o => o.name === outputName);
  const sourceHandle = {
    dataType: source.data.type,
    id: source.id,
    name: outputName,
    output_types: out?.types ?? ['Message'],
  };
  const targetHandle = { fieldName, id: target.id, inputTypes, type: 'str' };
  return {
    animated: false,
    className: '',
    data: { sourceHandle, targetHandle },
    id: `reactflow__edge-${source.id}${handle(sourceHandle)}-${
      target.id
    }${handle(targetHandle)}`,
    selected: false,
    source: source.id,
    sourceHandle: handle(sourceHandle),
    target: target.id,
    targetHandle: handle(targetHandle),
  };
}

function chatInput(id: string, lfVersion: string, x: number): FlowNode {
  return node(id, {
    displayName: 'Chat Input',
    description: 'Get chat inputs from the Playground.',
    icon: 'MessagesSquare',
    lfVersion,
    position: { x, y: 400 },
    outputs: [
      output('message', 'Chat Message', 'message_response', ['Message']),
    ],
    template: {
      input_value: field('input_value', 'MultilineInput', '', {
        display_name: 'Input Text',
        multiline: true,
      }),
      should_store_message: field('should_store_message', 'BoolInput', true, {
        type: 'bool',
        advanced: true,
      }),
      sender: field('sender', 'DropdownInput', 'User', {
        advanced: true,
        options: ['Machine', 'User'],
      }),
      sender_name: messageField('sender_name', {
        advanced: true,
        value: 'User',
      }),
      session_id: messageField('session_id', { advanced: true }),
      files: field('files', 'FileInput', '', {
        type: 'file',
        advanced: true,
        list: true,
        fileTypes: ['txt', 'md', 'pdf', 'csv', 'json', 'png', 'jpg'],
        file_path: '',
      }),
    },
  });
}

function chatOutput(id: string, lfVersion: string, x: number): FlowNode {
  return node(id, {
    displayName: 'Chat Output',
    description: 'Display a chat message in the Playground.',
    icon: 'MessagesSquare',
    lfVersion,
    position: { x, y: 400 },
    outputs: [
      output('message', 'Output Message', 'message_response', ['Message']),
    ],
    template: {
      input_value: field('input_value', 'HandleInput', '', {
        type: 'other',
        display_name: 'Inputs',
        input_types: ['Data', 'DataFrame', 'Message'],
        required: true,
      }),
      should_store_message: field('should_store_message', 'BoolInput', true, {
        type: 'bool',
        advanced: true,
      }),
      sender: field('sender', 'DropdownInput', 'Machine', {
        advanced: true,
        options: ['Machine', 'User'],
      }),
      sender_name: messageField('sender_name', { advanced: true, value: 'AI' }),
      session_id: messageField('session_id', { advanced: true }),
      data_template: messageField('data_template', {
        advanced: true,
        value: '{text}',
      }),
    },
  });
}

function prompt(id: string, lfVersion: string, text: string): FlowNode {
  return node(id, {
    displayName: 'Prompt',
    description: 'Create a prompt template with dynamic variables.',
    icon: 'prompts',
    lfVersion,
    position: { x: 400, y: 100 },
    outputs: [output('prompt', 'Prompt', 'build_prompt', ['Message'])],
    template: {
      template: field('template', 'PromptInput', text, { type: 'prompt' }),
      tool_placeholder: messageField('tool_placeholder', { advanced: true }),
    },
  });
}

const BASIC_PROMPTING_MODEL = node('OpenAIModel-sz6xc', {
  displayName: 'OpenAI',
  description: 'Generates text using OpenAI LLMs.',
  icon: 'OpenAI',
  lfVersion: '1.0.19',
  position: { x: 800, y: 300 },
  outputs: [
    output('text_output', 'Message', 'text_response', ['Message']),
    output('model_output', 'Language Model', 'build_model', ['LanguageModel']),
  ],
  template: {
    input_value: messageField('input_value', { display_name: 'Input' }),
    system_message: field('system_message', 'MultilineInput', '', {
      display_name: 'System Message',
      multiline: true,
      input_types: ['Message'],
    }),
    stream: field('stream', 'BoolInput', false, {
      type: 'bool',
      advanced: true,
    }),
    max_tokens: field('max_tokens', 'IntInput', '', {
      type: 'int',
      advanced: true,
    }),
    model_name: field('model_name', 'DropdownInput', 'gpt-4o-mini', {
      options: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini'],
    }),
    api_key: apiKeyField('OPENAI_API_KEY'),
    temperature: temperatureField(0.1),
    seed: field('seed', 'IntInput', 1, { type: 'int', advanced: true }),
  },
});

const basicPromptingNodes = {
  input: chatInput('ChatInput-jFwUm', '1.0.19', 0),
  prompt: prompt(
    'Prompt-tifRl',
    '1.0.19',
    'Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.',
  ),
  model: BASIC_PROMPTING_MODEL,
  output: chatOutput('ChatOutput-PdnPu', '1.0.19', 1200),
};

/** Langflow's "Basic Prompting" starter, ≤ 1.3 style (`OpenAIModel.model_name`). */
export const basicPromptingFlow: FlowExport = {
  data: {
    nodes: Object.values(basicPromptingNodes),
    edges: [
      edge(
        basicPromptingNodes.input,
        'message',
        basicPromptingNodes.model,
        'input_value',
      ),
      edge(
        basicPromptingNodes.prompt,
        'prompt',
        basicPromptingNodes.model,
        'system_message',
      ),
      edge(
        basicPromptingNodes.model,
        'text_output',
        basicPromptingNodes.output,
        'input_value',
        ['Data', 'DataFrame', 'Message'],
      ),
    ],
    viewport: { x: -37.6, y: -155.9, zoom: 0.757 },
  },
  description: 'Perform basic prompting with an OpenAI model.',
  endpoint_name: 'basic-prompting',
  gradient: '2',
  icon: 'Braces',
  id: '1511c230-d446-43a7-bfc3-539e69ce05b8',
  is_component: false,
  last_tested_version: '1.0.19.post2',
  name: 'Basic Prompting',
  tags: ['chatbots'],
};

const simpleAgentNodes = {
  input: chatInput('ChatInput-Fh2sR', '1.4.3', 0),
  agent: node('Agent-PotPO', {
    displayName: 'Agent',
    description:
      "Define the agent's instructions, then enter a task to complete using tools.",
    icon: 'bot',
    lfVersion: '1.4.3',
    position: { x: 500, y: 250 },
    outputs: [output('response', 'Response', 'message_response', ['Message'])],
    template: {
      agent_llm: field('agent_llm', 'DropdownInput', 'OpenAI', {
        display_name: 'Model Provider',
        options: [
          'Anthropic',
          'Google Generative AI',
          'Groq',
          'OpenAI',
          'Custom',
        ],
        real_time_refresh: true,
      }),
      model_name: field('model_name', 'DropdownInput', 'gpt-4o-mini', {
        options: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini'],
      }),
      api_key: apiKeyField('OPENAI_API_KEY'),
      system_prompt: field(
        'system_prompt',
        'MultilineInput',
        'You are a helpful assistant that can use tools to answer questions and perform tasks.',
        { display_name: 'Agent Instructions', multiline: true },
      ),
      temperature: temperatureField(0.1),
      input_value: messageField('input_value', {
        display_name: 'Input',
        tool_mode: true,
      }),
      tools: field('tools', 'HandleInput', '', {
        type: 'other',
        list: true,
        input_types: ['Tool'],
      }),
      handle_parsing_errors: field('handle_parsing_errors', 'BoolInput', true, {
        type: 'bool',
        advanced: true,
      }),
      max_iterations: field('max_iterations', 'IntInput', 15, {
        type: 'int',
        advanced: true,
      }),
      add_current_date_tool: field('add_current_date_tool', 'BoolInput', true, {
        type: 'bool',
        advanced: true,
      }),
    },
  }),
  output: chatOutput('ChatOutput-cyvH4', '1.4.3', 1000),
};

/** An Agent flow, 1.4–1.7 style (`Agent.agent_llm` + `model_name`); answers like an agent. */
export const simpleAgentFlow: FlowExport = {
  data: {
    nodes: Object.values(simpleAgentNodes),
    edges: [
      edge(
        simpleAgentNodes.input,
        'message',
        simpleAgentNodes.agent,
        'input_value',
      ),
      edge(
        simpleAgentNodes.agent,
        'response',
        simpleAgentNodes.output,
        'input_value',
        ['Data', 'DataFrame', 'Message'],
      ),
    ],
    viewport: { x: 12.5, y: -80.2, zoom: 0.82 },
  },
  description: 'A single agent with a system prompt that can be given tools.',
  endpoint_name: 'simple-agent',
  gradient: '5',
  icon: 'Bot',
  id: '6c2f9d84-3e1a-4b7c-9f25-8d0e4a6b1c37',
  is_component: false,
  last_tested_version: '1.4.3',
  name: 'Simple Agent',
  tags: ['agents', 'assistants'],
};

const supportNodes = {
  input: chatInput('ChatInput-Qm3xT', '1.8.0', 0),
  prompt: prompt(
    'Prompt-Zb7Lk',
    '1.8.0',
    'You are Ada, the friendly support assistant of the Agent Registry. Answer briefly and politely.',
  ),
  model: node('LanguageModelComponent-Wq9Np', {
    displayName: 'Language Model',
    description: 'Runs a language model given a specified provider.',
    icon: 'brain-circuit',
    lfVersion: '1.8.0',
    position: { x: 800, y: 300 },
    outputs: [
      output('text_output', 'Model Response', 'text_response', ['Message']),
      output('model_output', 'Language Model', 'build_model', [
        'LanguageModel',
      ]),
    ],
    template: {
      model: field(
        'model',
        'ModelInput',
        [
          {
            name: 'claude-3-5-haiku-latest',
            provider: 'Anthropic',
            icon: 'Anthropic',
            metadata: {
              model_class: 'ChatAnthropic',
              model_name_param: 'model',
              api_key_param: 'api_key',
            },
          },
        ],
        { type: 'model', display_name: 'Language Model' },
      ),
      api_key: apiKeyField('ANTHROPIC_API_KEY'),
      input_value: messageField('input_value', { display_name: 'Input' }),
      system_message: field('system_message', 'MultilineInput', '', {
        display_name: 'System Message',
        multiline: true,
        input_types: ['Message'],
      }),
      stream: field('stream', 'BoolInput', false, {
        type: 'bool',
        advanced: true,
      }),
      temperature: temperatureField(0.2),
    },
  }),
  output: chatOutput('ChatOutput-Vx4Hc', '1.8.0', 1200),
};

/** A support bot, 1.8+ style (unified `model` field, Anthropic). */
export const supportAssistantFlow: FlowExport = {
  data: {
    nodes: Object.values(supportNodes),
    edges: [
      edge(supportNodes.input, 'message', supportNodes.model, 'input_value'),
      edge(supportNodes.prompt, 'prompt', supportNodes.model, 'system_message'),
      edge(
        supportNodes.model,
        'text_output',
        supportNodes.output,
        'input_value',
        ['Data', 'DataFrame', 'Message'],
      ),
    ],
    viewport: { x: 0, y: 0, zoom: 0.8 },
  },
  description: 'Answers questions about the Agent Registry in a friendly tone.',
  endpoint_name: 'support-assistant',
  gradient: '3',
  icon: 'MessagesSquare',
  id: 'a3e8b1c4-7d2f-4e95-b6a0-2c9f5d8e1b46',
  is_component: false,
  last_tested_version: '1.8.0',
  name: 'Support Assistant',
  tags: ['chatbots', 'assistants'],
};

export const sampleFlows: FlowExport[] = [
  basicPromptingFlow,
  simpleAgentFlow,
  supportAssistantFlow,
];
