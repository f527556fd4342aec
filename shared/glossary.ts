/**
 * The words Dipper uses, the same in main, shared and renderer.
 *
 * - Queue: a Bull queue on the profile's Redis, addressed by name.
 * - Job: one Bull job; ours carry an id derived from their Tick when a Schedule produced them.
 * - Schedule: a cron expression in a time zone that produces one Job per Tick.
 * - Tick: one scheduled fire time of a Schedule (epoch ms), the unit of exactly-once production.
 * - Node: one running Dipper process (desktop or headless) taking part in the scheduler.
 * - Rule: an alert rule evaluated on a Schedule against a metric source.
 * - Alert: the state of one series of one Rule.
 * - Notification: one message about an Alert transition sent through a channel.
 * - Silence: label matchers with a time window that mute Notifications.
 * - Profile: how to reach Redis: sandbox, standalone or cluster, plus a key prefix.
 */
export const GLOSSARY = [
  'Queue',
  'Job',
  'Schedule',
  'Tick',
  'Node',
  'Rule',
  'Alert',
  'Notification',
  'Silence',
  'Profile',
] as const;
