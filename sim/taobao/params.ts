/** Reading business parameters of a TOP call; a failed read is the TopError to answer. */
import { topErrors, type TopError } from './errors.ts';

export type Params = Record<string, string>;

export type MethodResult = { result: Record<string, unknown> } | { error: TopError };

export type MethodHandler<World> = (world: World, params: Params) => MethodResult;

/** The names among `names` that are missing or empty, as code 40 "Missing required arguments:x". */
export function requireParams(params: Params, ...names: string[]): TopError | null {
  const missing = names.find((name) => !params[name]);
  return missing === undefined ? null : topErrors.missingArgument(missing);
}

/** A whole number in [min, max], the fallback when absent, or code 41 "Invalid arguments:x". */
export function intParam(params: Params, name: string, fallback: number, min: number, max: number): number | TopError {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  return /^-?\d+$/.test(raw) && value >= min && value <= max ? value : topErrors.invalidArgument(name);
}
