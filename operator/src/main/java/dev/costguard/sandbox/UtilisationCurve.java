package dev.costguard.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Simulated utilisation (0..1) of a workload: busy in the (UTC) day, quiet at night, each workload
 * with its own phase and amplitude so that they do not all move together.
 */
public final class UtilisationCurve {
  private UtilisationCurve() {}

  public static double at(String workload, Instant now) {
    double hourOfDay = now.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 3600.0;
    int seed = Math.abs(workload.hashCode());
    double phase = (seed % 6) - 3;
    double amplitude = 0.25 + (seed % 20) / 100.0;
    // Peaks around 14:00 UTC (+/- phase), lowest around 02:00.
    double daily = Math.cos(2 * Math.PI * (hourOfDay - 14 - phase) / 24);
    return Math.max(0.02, Math.min(0.99, 0.5 + amplitude * daily));
  }
}
