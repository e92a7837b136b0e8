package dev.costguard.schedule;

/** Whether a schedule's namespaces should be running; the names match the status field. */
public enum ScheduleState {
  Awake,
  Asleep
}
