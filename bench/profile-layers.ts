/**
 * Which layer of the API a profiled frame belongs to, from its script URL (and, for V8's own entries, its name).
 * Ordered rules: the first that matches wins, so specific paths come before the packages that contain them.
 */
export const LAYERS = [
  'routing_hooks',
  'session_csrf',
  'schema_validation',
  'database',
  'engine',
  'serialisation',
  'logging',
  'http_node',
  'gc',
  'other',
] as const;
export type Layer = (typeof LAYERS)[number] | 'idle';

const RULES: Array<[RegExp, Layer]> = [
  [/\/modules\/session\/|\/plugins\/auth\.ts|@fastify\/cookie|\/cookie\/|internal\/crypto/, 'session_csrf'],
  [/\/zod\/|fastify-type-provider-zod|\/api-contract\//, 'schema_validation'],
  [/\/kysely\/|better-sqlite3|\/pg\/|\/pg-|\/apps\/api\/src\/db\/|\.repo\.ts/, 'database'],
  [/\/connector-engine\//, 'engine'],
  [/fast-json|secure-json-parse|fast-querystring|json-cache/, 'serialisation'],
  [/\/pino|abstract-logging|sonic-boom|thread-stream/, 'logging'],
  [/\/fastify\/|find-my-way|avvio|light-my-request|\/@fastify\/|\/apps\/api\/src\//, 'routing_hooks'],
  [/^node:|_http_|internal\/(http|net|stream|streams|timers|process)|^(net|events|stream)$/, 'http_node'],
];

export function layerOf(functionName: string, url: string): Layer {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  // Native calls carry no URL: JSON.stringify/parse are serialisation; the rest is attributed to "other".
  if (url === '') {
    if (functionName === 'stringify' || functionName === 'parse') return 'serialisation';
    if (/^(all|get|run|prepare|iterate)$/.test(functionName)) return 'database';
    if (/^(digest|update|Hash|createHash|timingSafeEqual)$/.test(functionName)) return 'session_csrf';
    if (/^(writev|writeBuffer|writeUtf8String|writeLatin1String|onStreamRead|execute)$/.test(functionName)) return 'http_node';
    return 'other';
  }
  // Our own JSON renderers: JSON.stringify runs inside them (native frames are charged to their caller).
  if (/^(render|sendJsonText)$/.test(functionName) || /\/plugins\/fast-json\.ts/.test(url)) return 'serialisation';
  for (const [pattern, layer] of RULES) if (pattern.test(url)) return layer;
  return 'other';
}
