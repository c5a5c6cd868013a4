export { migrateScheduling, SCHEDULING_MIGRATIONS, SCHEDULING_SCHEMA } from './timer.schema';
export {
  scheduleTimer,
  scheduleTimers,
  cancelTimer,
  timerStatus,
  TIMERS_CHANNEL,
  type ScheduleTimer,
  type TimerEvent,
  type TimerStatus,
} from './timer.repository';
export { TimerPoller, type TimerPollerOptions } from './timer-poller';
export { systemClock, VirtualClock, onClockChange } from './clock';
export { Repeater } from './repeater';
