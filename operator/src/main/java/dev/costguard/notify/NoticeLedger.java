package dev.costguard.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of the notices a budget has published in its current period, kept in its status ({@code
 * status.notified}) and written in the same status update that records what the notices tell. A
 * restarted operator reads them back and does not publish those notices again. Pure.
 */
public final class NoticeLedger {
  /** Keys kept per budget: the newest, enough for every notice a period can sensibly produce. */
  public static final int CAPACITY = 64;

  private NoticeLedger() {}

  /** The candidates whose keys are not recorded (and not repeated among the candidates). */
  public static List<Notice> unsent(List<Notice> candidates, List<String> recorded) {
    Set<String> seen = new LinkedHashSet<>(recorded == null ? List.of() : recorded);
    List<Notice> fresh = new ArrayList<>();
    for (Notice notice : candidates) {
      if (seen.add(notice.key())) {
        fresh.add(notice);
      }
    }
    return List.copyOf(fresh);
  }

  /**
   * The ledger after {@code published}: keys of earlier periods dropped, the new keys appended, the
   * oldest dropped beyond {@link #CAPACITY}.
   */
  public static List<String> recorded(
      List<String> before, List<Notice> published, Instant periodStart) {
    String current = "/" + periodStart + "/";
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    (before == null ? List.<String>of() : before)
        .stream().filter(k -> k.contains(current)).forEach(keys::add);
    published.forEach(n -> keys.add(n.key()));
    List<String> all = new ArrayList<>(keys);
    return List.copyOf(all.subList(Math.max(0, all.size() - CAPACITY), all.size()));
  }
}
