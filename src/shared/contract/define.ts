import type { z } from 'zod';

/** A Hermes-compatible REST binding for a channel (browser host only). */
export interface RestBinding {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express-style path, e.g. `/api/backups/:id/diff`; `:params` are merged into the request. */
  path: string;
  /**
   * Where the request comes from: the JSON body, the query string, or nothing.
   * GET/DELETE default to `query`, POST/PUT to `body`.
   */
  from?: 'body' | 'query' | 'none';
}

/** One request/response channel. Written once here; every transport is derived from it. */
export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** One line: what the channel does (shown in the API listing). */
  summary: string;
  request: Req;
  response: Res;
  /** Extra REST route(s) with Hermes-compatible shapes: the raw response, no envelope. */
  rest?: RestBinding | readonly RestBinding[];
  /** Channels that write files, reveal values or cost money are never retried by clients. */
  mutates?: boolean;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(
  def: ChannelDef<Req, Res>,
): ChannelDef<Req, Res> {
  return def;
}

/** A push event from the core to every connected UI. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  summary: string;
  payload: P;
}

export function event<P extends z.ZodType>(def: EventDef<P>): EventDef<P> {
  return def;
}
