import { z } from 'zod';
import { channel } from './define';
import { Empty } from './common';

export const ProfileEntrySchema = z.object({
  name: z.string(),
  dir: z.string(),
  hasConfig: z.boolean(),
  /** Named in `<root>/active_profile`: what the Hermes CLI uses when started without -p. */
  isHermesActive: z.boolean(),
});

export const HomeStateSchema = z.object({
  /** False when no Hermes home exists yet: the UI shows the first-run screen. */
  found: z.boolean(),
  root: z.string(),
  rootSource: z.enum(['HERMES_HOME', 'platform-default', 'command-line', 'demo']),
  profile: z.string(),
  profileSource: z.enum(['HERMES_HOME', 'active_profile', 'default', 'selected']),
  /** The directory being edited (root, or root/profiles/<name>). */
  dir: z.string(),
  isDemo: z.boolean(),
  profiles: z.array(ProfileEntrySchema),
  /** Things worth telling the user (e.g. active_profile names a missing profile). */
  notes: z.array(z.string()),
});
export type HomeState = z.infer<typeof HomeStateSchema>;

export const homeChannels = {
  'home.get': channel({ summary: 'Which Hermes home and profile is being edited.', request: Empty, response: HomeStateSchema }),
  'home.selectProfile': channel({
    summary: 'Edit another profile of the same Hermes root.',
    request: z.object({ profile: z.string().min(1).max(64) }),
    response: HomeStateSchema,
  }),
  'home.create': channel({
    summary: 'Create the Hermes home (directories and a minimal config.yaml).',
    request: Empty,
    response: HomeStateSchema,
    mutates: true,
  }),
  'home.openDemo': channel({
    summary: 'Build a demo home in a temporary directory and edit it.',
    request: Empty,
    response: HomeStateSchema,
    mutates: true,
  }),
};
