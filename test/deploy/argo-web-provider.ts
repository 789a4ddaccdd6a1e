/**
 * A model of how Argo Rollouts' `web` metric provider turns one HTTP answer into a measurement,
 * written from argoproj/argo-rollouts@9f8d111d (metricproviders/webmetric/webmetric.go, Run and
 * parseResponse; utils/evaluate/evaluate.go, EvaluateResult and EvalCondition):
 * - a status outside 200..299 is a measurement Error (not Failed), whatever the body says;
 * - a body that is not JSON (an empty one included) becomes the string `result`, jsonPath ignored;
 * - a JSON body goes through jsonPath (`{$}` when none is given); no match is an Error;
 * - successCondition / failureCondition are expr-lang expressions over `result`: an evaluation
 *   error is an Error; success without a failure condition fails when false; neither true is
 *   Inconclusive; a true failure condition wins.
 * expr-lang has no JavaScript implementation, so `evalCondition` evaluates a subset (literals,
 * `result` paths, asInt/asFloat, comparisons, && and ||) with expr-lang's semantics for it, and
 * throws ExprUnsupported for anything else; the test checks this model against Argo's own table.
 */
export type MeasurementPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export interface WebMetricSpec {
  successCondition?: string | undefined;
  failureCondition?: string | undefined;
  jsonPath?: string | undefined;
}

/** An expression outside the subset this model evaluates (the caller skips it and says so). */
export class ExprUnsupported extends Error {}
/** expr-lang would fail to compile or run this expression on this `result`: a measurement Error. */
class ExprError extends Error {}

export function webMeasurement(
  status: number,
  body: string,
  metric: WebMetricSpec,
): { phase: MeasurementPhase; value?: string } {
  if (status < 200 || status >= 300) return { phase: 'Error' };
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { phase: evaluateResult(body, metric), value: body };
  }
  const found = jsonPathValue(data, metric.jsonPath || '{$}');
  if (!found.ok) return { phase: 'Error' };
  return { phase: evaluateResult(found.value, metric), value: goJson(found.value) };
}

function evaluateResult(result: unknown, metric: WebMetricSpec): MeasurementPhase {
  let success = false;
  let failure = false;
  try {
    if (metric.successCondition) success = evalCondition(result, metric.successCondition);
    if (metric.failureCondition) failure = evalCondition(result, metric.failureCondition);
  } catch (e) {
    if (e instanceof ExprError) return 'Error';
    throw e;
  }
  if (!metric.successCondition && !metric.failureCondition) return 'Successful';
  if (metric.successCondition && !metric.failureCondition) failure = !success;
  if (!metric.successCondition && metric.failureCondition) success = !failure;
  if (failure) return 'Failed';
  return success ? 'Successful' : 'Inconclusive';
}

/** client-go jsonpath, the forms `{$}`, `{$.a.b}` and `{$.a[0].b}` only. */
function jsonPathValue(data: unknown, path: string): { ok: true; value: unknown } | { ok: false } {
  const m = /^\{\$((?:\.[A-Za-z_][\w-]*|\[\d+\])*)\}$/.exec(path);
  if (!m) throw new ExprUnsupported(`jsonPath ${path}`);
  let value = data;
  for (const [, key, index] of m[1]!.matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+)\]/g)) {
    if (key !== undefined && isMap(value) && key in value) value = value[key];
    else if (index !== undefined && Array.isArray(value) && Number(index) < value.length) value = value[Number(index)];
    else return { ok: false };
  }
  return { ok: true, value };
}

/** Go's json.Marshal of a decoded value: compact, map keys sorted. */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${goJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOKEN = /\s*(&&|\|\||==|!=|>=|<=|>|<|\(|\)|\.|"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|[A-Za-z_]\w*)/y;

/** EvalCondition: the expression must yield a bool (expr-lang's own error otherwise). */
export function evalCondition(result: unknown, condition: string): boolean {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < condition.length) {
    if (/^\s*$/.test(condition.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(condition);
    if (!m) throw new ExprUnsupported(condition);
    tokens.push(m[1]!);
  }
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const operand = (): unknown => {
    const t = next();
    if (t === undefined) throw new ExprUnsupported(condition);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'nil') return null;
    if (/^["']/.test(t)) return t.slice(1, -1);
    if (/^-?\d/.test(t)) return Number(t);
    if (t === 'asInt' || t === 'asFloat') {
      if (next() !== '(') throw new ExprUnsupported(condition);
      const v = operand();
      if (next() !== ')') throw new ExprUnsupported(condition);
      return convert(t, v);
    }
    if (t !== 'result') throw new ExprUnsupported(condition);
    // A field of a string is a compile error, of nil or a list a run-time one: both an Error.
    if (typeof result === 'string' && peek() === '.') throw new ExprError('string has no fields');
    let v: unknown = result;
    while (peek() === '.') {
      next();
      const key = next()!;
      if (!isMap(v)) throw new ExprError(`cannot fetch ${key}`);
      v = key in v ? v[key] : null;
    }
    return v;
  };
  const comparison = (): unknown => {
    const left = operand();
    const op = peek();
    if (op === undefined || !['==', '!=', '>', '<', '>=', '<='].includes(op)) return left;
    next();
    return compare(op, left, operand());
  };
  const junction = (): unknown => {
    let v = comparison();
    while (peek() === '&&' || peek() === '||') {
      const op = next();
      if (typeof v !== 'boolean') throw new ExprError(`${op} on a non-bool`);
      const right = comparison();
      if (typeof right !== 'boolean') throw new ExprError(`${op} on a non-bool`);
      v = op === '&&' ? v && right : v || right;
    }
    return v;
  };
  const out = junction();
  if (i !== tokens.length) throw new ExprUnsupported(condition);
  if (typeof out !== 'boolean') throw new ExprError(`expected bool, but got ${typeof out}`);
  return out;
}

function convert(fn: 'asInt' | 'asFloat', v: unknown): number {
  if (typeof v === 'number') return fn === 'asInt' ? Math.trunc(v) : v;
  if (typeof v === 'string' && (fn === 'asInt' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/).test(v))
    return Number(v);
  throw new ExprError(`${fn}() not supported on ${JSON.stringify(v)}`);
}

/** expr-lang: == and != across types are false/true; ordering needs two numbers or two strings. */
function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '==' || op === '!=') {
    const same = a === b || (typeof a === 'object' && a === null && b === null);
    return op === '==' ? same : !same;
  }
  if (!(typeof a === typeof b && (typeof a === 'number' || typeof a === 'string')))
    throw new ExprError(`invalid operation ${op} on ${typeof a} and ${typeof b}`);
  const [x, y] = [a as number | string, b as number | string];
  return op === '>' ? x > y : op === '<' ? x < y : op === '>=' ? x >= y : x <= y;
}
