// Recognises calls to paid AI APIs (OpenAI and the OpenAI-compatible Together/Fireworks/OpenRouter, Anthropic,
// Gemini, Mistral, Groq, Cohere, Replicate, LiteLLM, LangChain models, Ollama, the Vercel AI SDK) by callee shape, directly in a function or one helper call away in the same file.
import type { Node } from '../core/types';
import { calleeName, descendants } from './tree';

const AI_CALL =
  /(^|\.)(chat\.completions\.create|completions\.create|ChatCompletion\.create|Completion\.create|messages\.create|messages\.stream|responses\.create|generate_content(_async)?|generateContent(Stream)?|images\.generate|chat\.complete(_async)?|chat\.stream)$|^(replicate\.run|litellm\.a?completion|generateText|streamText|generateObject|streamObject|acompletion)$/;

/**
 * LangChain chat models, chains and agents (`llm.invoke`, `chain.astream`, `agent_executor.run`), Ollama's
 * client and Together's legacy SDK: the receiver's name says it is a model, so `.invoke`/`.stream` is a model call.
 */
const MODEL_RECEIVER_CALL =
  /(^|\.)(llm|chat|chat_?model|model|chain|\w+_chain|\w+Chain|agent|agent_?executor)\.(a?invoke|a?stream|a?batch|stream_?events)$|(^|\.)(llm|chain|\w+_chain|agent|agent_?executor)\.(a?run|a?predict)$|^(ollama\.(a?chat|a?generate)|together\.Complete\.create|fireworks\.client\.\w+\.create)$/;

export function isAiCall(name: string): boolean {
  return AI_CALL.test(name) || MODEL_RECEIVER_CALL.test(name);
}

const CALL_TYPES = ['call', 'call_expression'];
const FUNCTION_TYPES = ['function_definition', 'function_declaration'];

const aiHelpersByRoot = new WeakMap<Node, Set<string>>();

/** Names of the file's functions that call a paid AI API themselves, computed once per tree. */
function aiHelpers(root: Node): Set<string> {
  let names = aiHelpersByRoot.get(root);
  if (!names) {
    names = new Set();
    for (const def of descendants(root, FUNCTION_TYPES)) {
      const name = def.childForFieldName('name')?.text;
      if (name && descendants(def, CALL_TYPES).some((inner) => isAiCall(calleeName(inner)))) names.add(name);
    }
    aiHelpersByRoot.set(root, names);
  }
  return names;
}

/** The first paid-AI call inside `fn`, or a call from `fn` to a same-file helper function that makes one. */
export function findAiCall(fn: Node, root: Node): Node | undefined {
  const calls = descendants(fn, CALL_TYPES);
  const direct = calls.find((c) => isAiCall(calleeName(c)));
  if (direct) return direct;
  const helpers = aiHelpers(root);
  return helpers.size ? calls.find((c) => helpers.has(calleeName(c))) : undefined;
}
