// Recognises calls to paid AI APIs (OpenAI and the OpenAI-compatible Together/Fireworks/OpenRouter, Anthropic,
// Gemini, Mistral, Groq, Cohere, Replicate, LiteLLM, LangChain models, Ollama, llama.cpp, the Vercel AI SDK) by
// callee shape, by the model API URL an HTTP client posts to, or by an SDK function handed to a wrapper
// (`run_in_thread(openai.ChatCompletion.create, ...)`), directly in a function or one helper call away in the same
// file.
import type { Node } from '../core/types';
import { calleeName, descendants, dottedName } from './tree';

const AI_CALL =
  /(^|\.)(chat\.completions\.create|completions\.create|ChatCompletion\.create|Completion\.create|messages\.create|messages\.stream|responses\.create|generate_content(_async)?|generateContent(Stream)?|images\.(?:generate|edit|create_variation)|audio\.(?:speech|transcriptions|translations)\.create|chat\.complete(_async)?|chat\.stream|sendMessageStream|startChat|start_chat)$|^(replicate\.run|litellm\.a?completion|generateText|streamText|generateObject|streamObject|acompletion)$/;

/**
 * LangChain chat models, chains and agents (`llm.invoke`, `chain.astream`, `agent_executor.run`), Ollama's
 * client and Together's legacy SDK: the receiver's name says it is a model, so `.invoke`/`.stream` is a model call.
 */
const MODEL_RECEIVER_CALL =
  /(^|\.)(\w+_)?(llm|chat|chat_?model|model|chain|agent|agent_?executor)\.(a?invoke|a?stream|a?batch|stream_?events)$|(^|\.)[a-z]\w*(Llm|LLM|Model|Chain|Agent|Executor)\.(a?invoke|a?stream|a?batch|streamEvents)$|(^|\.)(\w+_)?(llm|chain|agent|agent_?executor)\.(a?run|a?predict)$|(^|\.)[a-z]\w*(Llm|LLM|Chain|Agent|Executor)\.(a?run|a?predict)$|^(ollama\.(a?chat|a?generate)|together\.Complete\.create|fireworks\.client\.\w+\.create)$/;

/** SMS and messaging SDKs share the `messages.create` shape with Anthropic's (`twilioClient.messages.create`). */
const MESSAGING_RECEIVER = /(twilio|sms|vonage|nexmo|plivo|sinch|messagebird|telnyx)/i;

export function isAiCall(name: string): boolean {
  if (!AI_CALL.test(name) && !MODEL_RECEIVER_CALL.test(name)) return false;
  return !MESSAGING_RECEIVER.test(name.split('.').slice(0, -2).join('.'));
}

/** HTTP clients: `fetch`, `axios.post`, `requests.post`, `httpx.AsyncClient().post`, `session.post`, `urlopen`. */
const HTTP_CALL = /(^|\.)(fetch|post|request|urlopen|axios|got|ky|ofetch|\$fetch)$/;

/**
 * A model API's URL as written in the request (literal parts of strings, f-strings, template literals,
 * `urljoin(base, "/v1/chat/completions")`): hosted APIs by host, OpenAI-compatible servers (llama.cpp, vLLM,
 * LM Studio) by path, Ollama by its port or name, Gemini REST by its method suffix.
 */
const AI_URL =
  /\bapi\.(openai|anthropic|groq|mistral|together|fireworks|cohere|deepseek|perplexity|x)\.(com|ai|xyz)\b|generativelanguage\.googleapis\.com|openrouter\.ai\/api|\.openai\.azure\.com|\/(v1\/)?chat\/completions\b|\/v1\/(completions|messages)\b|\/images\/generations\b|:(stream)?[gG]enerateContent\b|(:11434|ollama)[^'"`]*\/api\/(chat|generate)\b/;

/**
 * What an SDK function handed to a wrapper must have in its text: `.` and a last name `isAiCall` accepts on a
 * dotted name (`client.chat.completions.create`, `llm.invoke`, `replicate.run`, spaces and `?.` allowed).
 */
const SDK_FUNCTION_NAMED =
  /\.\s*(?:create|create_variation|edit|generate|agenerate|generate_content(?:_async)?|generateContent(?:Stream)?|complete(?:_async)?|a?completion|sendMessageStream|startChat|start_chat|a?stream|stream_?events|streamEvents|a?invoke|a?batch|a?run|a?predict|a?chat)\b/;

/** The call's own name when it is an AI SDK call, or `post(<model API URL>)` when an HTTP client calls a model API. */
export function aiCallOf(call: Node, callee: string): string | undefined {
  if (isAiCall(callee)) return callee;
  const http = HTTP_CALL.test(callee);
  // Most calls are neither: their arguments are read only when the call's text names an SDK function.
  if (!http && !SDK_FUNCTION_NAMED.test(call.text)) return undefined;
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  if (http) {
    const first = args.namedChildren.find((a) => a && a.type !== 'comment');
    const url = first?.type === 'keyword_argument' ? undefined : first;
    const keyed = args.namedChildren.find(
      (a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'url',
    );
    const text = (url ?? keyed)?.text ?? '';
    if (text.length < 2000 && AI_URL.test(text)) return `${callee}(${AI_URL.exec(text)![0]})`;
    return undefined;
  }
  // An SDK function passed to a wrapper that calls it: `await run_sync(client.chat.completions.create, **kw)`.
  for (const a of args.namedChildren) {
    if (a?.type !== 'attribute' && a?.type !== 'member_expression') continue;
    const name = dottedName(a);
    if (name && isAiCall(name)) return name;
  }
  return undefined;
}

const CALL_TYPES = ['call', 'call_expression'];
const FUNCTION_TYPES = ['function_definition', 'function_declaration'];

const aiHelpersByRoot = new WeakMap<Node, Set<string>>();

const callAi = (c: Node): boolean => !!aiCallOf(c, calleeName(c));

/** Names of the file's functions that call a paid AI API themselves, computed once per tree. */
function aiHelpers(root: Node): Set<string> {
  let names = aiHelpersByRoot.get(root);
  if (!names) {
    names = new Set();
    for (const def of descendants(root, FUNCTION_TYPES)) {
      const name = def.childForFieldName('name')?.text;
      if (name && descendants(def, CALL_TYPES).some(callAi)) names.add(name);
    }
    aiHelpersByRoot.set(root, names);
  }
  return names;
}

/** The first paid-AI call inside `fn`, or a call from `fn` to a same-file helper function that makes one. */
export function findAiCall(fn: Node, root: Node): Node | undefined {
  const calls = descendants(fn, CALL_TYPES);
  const direct = calls.find(callAi);
  if (direct) return direct;
  const helpers = aiHelpers(root);
  return helpers.size ? calls.find((c) => helpers.has(calleeName(c))) : undefined;
}
