package dev.costguard.notify;

/**
 * Where capabilities hand over what a budget's owners should hear. {@link #publish} never blocks
 * and never throws: delivery happens elsewhere, and a notice that cannot be delivered is reported
 * there, never to the caller. A notice is sent at most once per budget and {@link Notice#key()}
 * while the operator runs; across restarts the caller keeps the keys it published in the budget's
 * status ({@link NoticeLedger}), so a notice recorded there is not published again.
 */
@FunctionalInterface
public interface Notices {
  /** Notices go nowhere: for tests and for an operator without notification delivery. */
  Notices NONE = notice -> {};

  void publish(Notice notice);
}
