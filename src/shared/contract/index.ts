import type { z } from 'zod';
import { appChannels } from './app';
import { backupChannels } from './backups';
import { configChannels } from './config';
import { endpointsChannels } from './endpoints';
import { homeChannels } from './home';
import { usageChannels } from './usage';
import { inspectorChannels } from './inspector';
import { keysChannels } from './keys';
import { probeChannels } from './probe';
import { modelChannels } from './models';
import { routingChannels } from './routing';

/**
 * The one contract. Every channel's request and response schema is written here once; the IPC
 * handlers, the preload bridge, the HTTP routes and the renderer client are all derived from it.
 */
export const channels = {
  ...appChannels,
  ...homeChannels,
  ...configChannels,
  ...backupChannels,
  ...usageChannels,
  ...keysChannels,
  ...probeChannels,
  ...endpointsChannels,
  ...inspectorChannels,
  ...modelChannels,
  ...routingChannels,
};

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What a caller sends (before defaults are applied). */
export type ChannelRequest<K extends ChannelName> = z.input<Channels[K]['request']>;
/** What a handler receives (after validation). */
export type ChannelInput<K extends ChannelName> = z.output<Channels[K]['request']>;
export type ChannelResponse<K extends ChannelName> = z.output<Channels[K]['response']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** IPC channel name for a contract channel; main only answers names with this prefix. */
export const IPC_PREFIX = 'switchboard:';
export const IPC_EVENT_CHANNEL = 'switchboard:event';

export { events, type EventName, type EventPayload } from './events';
export type { RestBinding } from './define';
